CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture:next-file
-- The recipe: the bare column, then the constraint on its own, NOT VALID, validated later.
ALTER TABLE users ADD COLUMN org_id bigint;
ALTER TABLE users ADD CONSTRAINT users_org_id_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;
ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
ALTER TABLE users ADD COLUMN handle text NULL DEFAULT NULL;
-- fixture:next-file
-- migguard:tx none
ALTER TABLE users VALIDATE CONSTRAINT users_org_id_fk;
CREATE UNIQUE INDEX CONCURRENTLY users_handle_key ON users (handle);
ALTER TABLE users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key;

-- Tables created in this file are empty.
CREATE TABLE teams (id bigint PRIMARY KEY);
ALTER TABLE teams ADD COLUMN org_id bigint REFERENCES orgs (id), ADD COLUMN slug text UNIQUE CHECK (slug <> '');

-- A column without a default needs no validation: a reference to a new table, or to the
-- table itself, blocks nothing beyond the ADD COLUMN's own brief lock.
CREATE TABLE regions (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN region_id bigint REFERENCES regions (id);
ALTER TABLE users ADD COLUMN invited_by bigint REFERENCES users (id);
