-- From PostgreSQL 12 on, a CHECK validated in an earlier migration spares the scan.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture:next-file
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
-- fixture:next-file
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
