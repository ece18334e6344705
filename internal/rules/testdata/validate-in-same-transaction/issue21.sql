-- VALIDATE next to a command that blocks writes validates under that command's lock.
CREATE TABLE orders (id bigint PRIMARY KEY, qty int, legacy text, note text);
ALTER TABLE orders ADD CONSTRAINT orders_qty_pos CHECK (qty > 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_qty_small CHECK (qty < 1000) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_note_set CHECK (note <> '') NOT VALID;
-- fixture:next-file
-- migguard:tx none
ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_pos, DROP COLUMN legacy; -- want "validate-in-same-transaction: validating \"orders_qty_pos\" in the same statement as DROP COLUMN \"legacy\", which takes ACCESS EXCLUSIVE on \"orders\": the validation scan runs under that lock, so every query on \"orders\" waits until it ends"

-- Two validations share SHARE UPDATE EXCLUSIVE: nothing blocks reads or writes.
ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_small, VALIDATE CONSTRAINT orders_note_set;
