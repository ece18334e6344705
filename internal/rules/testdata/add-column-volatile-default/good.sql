CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE FUNCTION default_plan() RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT 'free' $$;
CREATE FUNCTION current_tenant() RETURNS int STABLE LANGUAGE sql AS $$ SELECT 1 $$;
-- fixture:next-file
-- On PostgreSQL 11 and later non-volatile defaults are only recorded in the catalog.
ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN updated_at timestamptz DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE users ADD COLUMN expires_at timestamptz DEFAULT now() + interval '30 days';
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE users ADD COLUMN admin boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN tags text[] NOT NULL DEFAULT ARRAY[]::text[];
ALTER TABLE users ADD COLUMN prefs jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE users ADD COLUMN plan text DEFAULT default_plan();
ALTER TABLE users ADD COLUMN tenant int DEFAULT current_tenant();
ALTER TABLE users ADD COLUMN nickname text DEFAULT NULL;
ALTER TABLE users ADD COLUMN lower_email text DEFAULT lower('X');

-- A function the migrations did not create: its volatility is not known.
ALTER TABLE users ADD COLUMN region text DEFAULT app_default_region();

-- The safe recipe: add the column, then set the default for new rows only.
ALTER TABLE users ADD COLUMN token uuid;
ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();

-- Tables created in this file are empty.
CREATE TABLE invites (id bigint PRIMARY KEY);
ALTER TABLE invites ADD COLUMN code uuid NOT NULL DEFAULT gen_random_uuid();
CREATE TEMP TABLE scratch (id int);
ALTER TABLE scratch ADD COLUMN r double precision DEFAULT random();
