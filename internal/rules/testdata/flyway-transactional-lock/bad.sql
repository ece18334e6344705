-- fixture:format flyway
-- A migration that holds only CREATE INDEX CONCURRENTLY runs outside a transaction, while Flyway holds its lock in one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email); -- want "flyway-transactional-lock: CREATE INDEX CONCURRENTLY \"users_email_idx\" never finishes under Flyway: it waits for every older transaction to end, and Flyway 9.1.2 and later hold their migration lock in an open transaction \(postgresql.transactional.lock is true: Flyway's default, no flyway.conf or flyway.toml found\)"
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);
-- fixture:next-file
REINDEX SCHEMA CONCURRENTLY public; -- want "flyway-transactional-lock: REINDEX CONCURRENTLY never finishes under Flyway"
