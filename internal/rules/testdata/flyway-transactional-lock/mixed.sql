-- fixture:format flyway
-- fixture:file flyway.conf
# mixed=true makes Flyway run a mixed migration outside a transaction; the lock stays transactional.
flyway.mixed=true
-- fixture:next-file
-- fixture:file V1__users_email.sql
ALTER TABLE users ADD COLUMN email text;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- want "flyway-transactional-lock: .*postgresql.transactional.lock is true: Flyway's default, m/flyway.conf does not set it"
