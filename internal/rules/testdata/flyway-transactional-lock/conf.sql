-- fixture:format flyway
-- fixture:file flyway.conf
flyway.postgresql.transactional.lock=false
-- fixture:next-file
-- fixture:file V1__users_email.sql
-- The same in flyway.conf.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
-- fixture:next-file
-- fixture:file V2__drop_old.sql
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
