CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, first text, last text);
-- fixture:next-file
-- A stored generated column is computed and written for every existing row.
ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED; -- want "add-column-stored-generated: adding stored generated column \"email_lower\" to \"users\" computes it for every existing row"

ALTER TABLE public.users
    ADD COLUMN IF NOT EXISTS full_name text NOT NULL -- want "add-column-stored-generated: .*\"full_name\""
        GENERATED ALWAYS AS (first || ' ' || last) STORED;

-- A table from outside the migrations counts as existing.
ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (total * 100) STORED; -- want "add-column-stored-generated: .*\"orders\""
