CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture:next-file
-- migguard:tx none
-- The safe recipe: build the index concurrently, outside a transaction...
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
-- fixture:next-file
-- ...then attach it as the constraint (a brief lock).
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
-- fixture:next-file
-- A table created in the same migration is empty.
CREATE TABLE api_keys (id bigint PRIMARY KEY, token text);
ALTER TABLE api_keys ADD CONSTRAINT api_keys_token_key UNIQUE (token);
ALTER TABLE api_keys ADD COLUMN label text UNIQUE;

-- So is a temporary table.
CREATE TEMP TABLE scratch (k text);
ALTER TABLE scratch ADD UNIQUE (k);
