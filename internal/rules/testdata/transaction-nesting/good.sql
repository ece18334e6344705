-- Files that manage their own transactions, and savepoints inside the tool's transaction.
-- migguard:tx none
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_nickname_idx ON users (nickname);
START TRANSACTION;
ALTER TABLE users ADD COLUMN locale text;
SAVEPOINT before_backfill;
UPDATE users SET locale = 'en' WHERE id < 1000;
ROLLBACK TO SAVEPOINT before_backfill;
RELEASE SAVEPOINT before_backfill;
ROLLBACK;
BEGIN;
ALTER TABLE users ADD COLUMN theme text;
COMMIT AND CHAIN;
ALTER TABLE users ADD COLUMN timezone text;
END;
-- fixture:next-file
-- A multi-statement string: BEGIN takes over the implicit transaction, a bare COMMIT splits it.
-- migguard:tx implicit
ALTER TYPE mood ADD VALUE 'ecstatic';
COMMIT;
UPDATE users SET mood = 'ecstatic' WHERE id = 1;
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
-- fixture:next-file
ALTER TABLE orders ADD COLUMN channel text;
SAVEPOINT s1;
ALTER TABLE orders ADD COLUMN source text;
RELEASE SAVEPOINT s1;
