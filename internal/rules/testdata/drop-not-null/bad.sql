CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text NOT NULL, bio text);
-- fixture:next-file
-- Readers deployed before this migration may rely on these columns never being NULL.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL; -- want "drop-not-null: dropping NOT NULL on column \"email\" of \"users\": code deployed before this migration may still assume it is never NULL"

ALTER TABLE public.users ALTER name DROP NOT NULL, ALTER COLUMN bio SET DEFAULT ''; -- want "drop-not-null: .*\"name\" of \"users\""

-- A table the migrations do not know is assumed to exist.
ALTER TABLE orders ALTER COLUMN shipped_at DROP NOT NULL; -- want "drop-not-null: .*\"shipped_at\" of \"orders\""
