-- fixture:format flyway
-- fixture:file V1__users_email.sql
-- Flyway refuses a migration that mixes CREATE INDEX CONCURRENTLY with other statements while mixed is false.
ALTER TABLE users ADD COLUMN email text;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- want "migration-format: flyway refuses this migration: CREATE INDEX CONCURRENTLY on line 5 runs only outside a transaction and ALTER TABLE users ADD on line 4 only inside one, and mixed is false \(flyway default\)"
-- fixture:next-file
-- fixture:file V2__users_name.sql
-- With a script configuration, Flyway does not check: this one runs outside a transaction.
ALTER TABLE users ADD COLUMN name text;
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);
-- fixture:next-file
-- fixture:file V2__users_name.sql.conf
executeInTransaction=false
