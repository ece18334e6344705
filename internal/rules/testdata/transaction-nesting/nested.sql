-- PostgreSQL has no nested transactions, and COMMIT outside one does nothing.
-- migguard:tx none
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
BEGIN; -- want "transaction-nesting: BEGIN while the transaction opened on line 3 is still open: PostgreSQL ignores it with a warning, so the first COMMIT ends the outer transaction too"
ALTER TABLE users ADD COLUMN locale text;
COMMIT;
COMMIT; -- want "transaction-nesting: COMMIT with no transaction open groups nothing: the statements before it were already committed one by one"
ABORT; -- want "transaction-nesting: ABORT with no transaction open undoes nothing"
-- fixture:next-file
-- migguard:tx implicit
ALTER TABLE orders ADD COLUMN note text;
BEGIN;
ALTER TABLE orders ADD COLUMN channel text;
START TRANSACTION; -- want "transaction-nesting: START TRANSACTION while the transaction opened on line 13 is still open"
COMMIT;
