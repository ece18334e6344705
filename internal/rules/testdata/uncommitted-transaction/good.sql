-- Every transaction the file opens is closed, or the tool owns the transaction.
-- migguard:tx none
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
COMMIT;
BEGIN;
ALTER TABLE users ADD COLUMN locale text;
ROLLBACK;
START TRANSACTION;
ALTER TABLE users ADD COLUMN theme text;
COMMIT AND CHAIN;
ALTER TABLE users ADD COLUMN timezone text;
END;
-- fixture:next-file
-- migguard:tx implicit
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ADD COLUMN channel text;
-- fixture:next-file
-- The tool's COMMIT ends this block (transaction-nesting reports the BEGIN).
BEGIN;
ALTER TABLE orders ADD COLUMN source text;
