-- A file that opens a transaction must close it.
-- migguard:tx none
ALTER TABLE users ADD COLUMN nickname text;
BEGIN; -- want "uncommitted-transaction: the transaction opened on line 4 is still open at the end of the file: its changes are lost when the connection closes, or committed by whatever runs next on it"
ALTER TABLE users ADD COLUMN locale text;
-- fixture:next-file
-- migguard:tx implicit
ALTER TABLE orders ADD COLUMN note text;
START TRANSACTION; -- want "uncommitted-transaction: the transaction opened on line 9 is still open"
ALTER TABLE orders ADD COLUMN channel text;
-- fixture:next-file
-- migguard:tx none
BEGIN;
ALTER TABLE orders ADD COLUMN source text;
COMMIT AND CHAIN; -- want "uncommitted-transaction: the transaction opened on line 15 is still open"
ALTER TABLE orders ADD COLUMN medium text;
