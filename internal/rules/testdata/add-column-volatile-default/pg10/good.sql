CREATE TABLE users (id bigint PRIMARY KEY);
-- fixture:next-file
-- Without a default, or with DEFAULT NULL, nothing is written.
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN bio text DEFAULT NULL::text;
ALTER TABLE users ADD COLUMN legacy_id bigint;
ALTER TABLE users ALTER COLUMN legacy_id SET DEFAULT 0;

CREATE TABLE teams (id bigint PRIMARY KEY);
ALTER TABLE teams ADD COLUMN active boolean NOT NULL DEFAULT true;
