-- A table an earlier migration created; its CHECK on phone is valid from the start.
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text,
    name text,
    phone text CONSTRAINT users_phone_nn CHECK (phone IS NOT NULL),
    nick text,
    city text
);
-- fixture:next-file
-- The safe recipe, one migration per step (PostgreSQL 12 and later).
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
-- fixture:next-file
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_nn;

-- A CHECK validated when the table was created counts too.
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;

-- The column is NOT NULL already (primary key): nothing to check.
ALTER TABLE users ALTER COLUMN id SET NOT NULL;
-- fixture:next-file
-- migguard:tx none
-- Without a transaction each statement commits on its own, so the VALIDATE
-- is committed before SET NOT NULL.
ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL AND name <> '') NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_name_nn;
ALTER TABLE users ALTER COLUMN name SET NOT NULL;

-- So is a VALIDATE in an explicit transaction committed before.
ALTER TABLE users ADD CONSTRAINT users_nick_nn CHECK (nick IS NOT NULL) NOT VALID;
BEGIN;
ALTER TABLE users VALIDATE CONSTRAINT users_nick_nn;
COMMIT;
BEGIN;
ALTER TABLE users ALTER COLUMN nick SET NOT NULL;
COMMIT;
-- fixture:next-file
-- A table created in the same migration is empty.
CREATE TABLE visits (id bigint, user_id bigint);
ALTER TABLE visits ALTER COLUMN user_id SET NOT NULL;

-- So is a temporary table.
CREATE TEMP TABLE scratch (k int);
ALTER TABLE scratch ALTER COLUMN k SET NOT NULL;
