CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- fixture:next-file
-- Columns added earlier in the same migration are not used by running code yet.
ALTER TABLE users ADD COLUMN tmp_email text;
UPDATE users SET tmp_email = lower(email);
ALTER TABLE users DROP COLUMN tmp_email;

-- Tables created in the same migration.
CREATE TABLE sessions (id bigint PRIMARY KEY, token text);
ALTER TABLE sessions DROP COLUMN token;

CREATE TEMP TABLE scratch (a int, b int);
ALTER TABLE scratch DROP COLUMN b;

-- IF EXISTS of a column the migrations never created does nothing.
ALTER TABLE users DROP COLUMN IF EXISTS nickname;
