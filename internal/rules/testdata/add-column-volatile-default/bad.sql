-- An earlier migration: the table and a helper function without a volatility (so VOLATILE).
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION next_invite_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;
CREATE SEQUENCE users_ticket_seq;
-- fixture:next-file
-- Defaults that must be computed for each existing row rewrite the table.
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(); -- want "add-column-volatile-default: adding column \"token\" to \"users\" with a default that calls volatile gen_random_uuid\(\) rewrites the whole table"

ALTER TABLE users ADD COLUMN bucket int NOT NULL DEFAULT floor(random() * 10)::int; -- want "add-column-volatile-default: .*\"bucket\".*volatile random\(\)"

ALTER TABLE public.users
    ADD COLUMN ticket bigint DEFAULT nextval('users_ticket_seq'), -- want "add-column-volatile-default: .*\"ticket\".*nextval"
    ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp(); -- want "add-column-volatile-default: .*\"seen_at\".*clock_timestamp"

ALTER TABLE users ADD COLUMN legacy_id uuid DEFAULT uuid_generate_v4(); -- want "add-column-volatile-default: .*uuid_generate_v4"

ALTER TABLE users ADD COLUMN invite text DEFAULT next_invite_code(); -- want "add-column-volatile-default: .*\"invite\".*next_invite_code"

ALTER TABLE users ADD COLUMN IF NOT EXISTS salt double precision DEFAULT pg_catalog.random(); -- want "add-column-volatile-default: .*pg_catalog.random"
