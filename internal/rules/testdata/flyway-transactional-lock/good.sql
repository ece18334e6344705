-- fixture:format flyway
-- fixture:file flyway.toml
# The session lock: Flyway holds no transaction open while a migration runs.
[flyway.postgresql]
transactional.lock = false
-- fixture:next-file
-- fixture:file V1__users_email.sql
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
