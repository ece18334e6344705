-- fixture:format flyway
-- fixture:file V1__users_email_idx.sql
-- Flyway runs a migration that holds only CREATE INDEX CONCURRENTLY outside a transaction: no failure.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
-- fixture:next-file
-- fixture:file V2__reindex.sql
-- Flyway's detection does not see REINDEX TABLE … CONCURRENTLY: it runs it in a transaction, where it fails.
REINDEX TABLE CONCURRENTLY users; -- want "concurrently-in-transaction: REINDEX .*flyway default: each migration runs in a transaction"
-- fixture:next-file
-- fixture:file V3__users_name_idx.sql
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name); -- want "concurrently-in-transaction: .*V3__users_name_idx.sql.conf line 14 sets executeInTransaction=true"
-- fixture:next-file
-- fixture:file V3__users_name_idx.sql.conf
executeInTransaction=true
