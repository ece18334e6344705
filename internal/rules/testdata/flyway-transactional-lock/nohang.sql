-- fixture:format flyway
-- DROP INDEX CONCURRENTLY does not wait for older transactions: no hang.
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
-- fixture:next-file
-- A migration that mixes CONCURRENTLY with other statements is refused: it never runs.
ALTER TABLE users ADD COLUMN email text;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
