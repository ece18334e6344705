-- migguard:tx none
-- A DROP … IF EXISTS guards the one statement that creates the object again.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_check;
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '') NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email LIKE '%@%') NOT VALID; -- want "prefer-robust-stmts: ADD CONSTRAINT \"users_email_check\" on \"users\" runs outside a transaction"

DROP INDEX IF EXISTS users_name_idx;
CREATE INDEX users_name_idx ON users (name);
CREATE INDEX users_name_idx ON users (lower(name)); -- want "prefer-robust-stmts: CREATE INDEX \"users_name_idx\" without IF NOT EXISTS"

-- A statement that drops and adds in one guards its own ADD.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_age_check, ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID;
