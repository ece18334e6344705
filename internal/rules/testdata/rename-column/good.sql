CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- fixture:next-file
-- Columns added earlier in the same migration are not used by running code yet.
ALTER TABLE users ADD COLUMN email_addr text;
ALTER TABLE users RENAME COLUMN email_addr TO email_address;
ALTER TABLE users RENAME COLUMN email_address TO primary_email;

-- Tables created in the same migration.
CREATE TABLE sessions (id bigint PRIMARY KEY, tok text);
ALTER TABLE sessions RENAME COLUMN tok TO token;

-- Renaming a constraint or an index is not renaming a column.
ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_id_pkey;
ALTER INDEX users_id_pkey RENAME TO users_pk;
