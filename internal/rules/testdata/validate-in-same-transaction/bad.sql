-- Tables an earlier migration created.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, qty int, note text);
-- fixture:next-file
-- The migration tool runs this file in one transaction: the VALIDATE scans
-- under the ACCESS EXCLUSIVE lock the ADD took.
ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_positive; -- want "validate-in-same-transaction: validating \"orders_qty_positive\" in the same transaction that added it NOT VALID: the scan runs under the ACCESS EXCLUSIVE lock the ADD took on \"orders\", so every query on \"orders\" waits until it ends"
-- fixture:next-file
-- A foreign key: writes to both tables wait.
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk; -- want "validate-in-same-transaction: validating \"orders_user_fk\" .*under the SHARE ROW EXCLUSIVE locks the ADD took on \"orders\" and \"users\", so writes to both tables wait"
-- fixture:next-file
-- An unnamed constraint, validated by the name PostgreSQL gave it.
ALTER TABLE orders ADD CHECK (qty < 1000) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_check; -- want "validate-in-same-transaction: validating \"orders_qty_check\" in the same transaction"
-- Kept NOT VALID for the next files.
ALTER TABLE orders ADD CONSTRAINT orders_note_len CHECK (length(note) < 500) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_note_set CHECK (note <> '') NOT VALID;
-- fixture:next-file
-- migguard:tx none
-- An explicit transaction block does the same.
BEGIN;
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn; -- want "validate-in-same-transaction: validating \"users_email_nn\" in the same transaction"
COMMIT;

-- So does one ALTER TABLE that adds and validates.
ALTER TABLE users ADD CONSTRAINT users_email_len CHECK (length(email) < 300) NOT VALID, VALIDATE CONSTRAINT users_email_len; -- want "validate-in-same-transaction: validating \"users_email_len\" in the same transaction"
-- fixture:next-file
-- Added NOT VALID earlier, but validated after this transaction locked the table.
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
ALTER TABLE orders VALIDATE CONSTRAINT orders_note_len; -- want "validate-in-same-transaction: validating \"orders_note_len\" after ALTER TABLE \"orders\" \(line 32\) took ACCESS EXCLUSIVE on \"orders\" in the same transaction: the validation scan runs while that lock is held, so every query on \"orders\" waits until it ends"
-- fixture:next-file
-- A SHARE lock blocks writes for the whole scan too.
CREATE INDEX orders_user_idx ON orders (user_id);
ALTER TABLE orders VALIDATE CONSTRAINT orders_note_set; -- want "validate-in-same-transaction: validating \"orders_note_set\" after CREATE INDEX \"orders_user_idx\" \(line 36\) took SHARE on \"orders\" .*so writes to \"orders\" wait until it ends"
-- fixture:next-file
-- migguard:tx implicit
-- A multi-statement string runs as one implicit transaction.
ALTER TABLE crm.contacts ADD CONSTRAINT contacts_account_fk FOREIGN KEY (account_id) REFERENCES crm.accounts NOT VALID;
ALTER TABLE crm.contacts VALIDATE CONSTRAINT contacts_account_fk; -- want "validate-in-same-transaction: .*SHARE ROW EXCLUSIVE locks the ADD took on \"crm.contacts\" and \"crm.accounts\""
