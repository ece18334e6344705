CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, qty int, note text);
-- fixture:next-file
-- The safe recipe: NOT VALID in one migration...
ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_note_len CHECK (length(note) < 500) NOT VALID;
-- fixture:next-file
-- ...VALIDATE in the next (it takes SHARE UPDATE EXCLUSIVE, which lets reads
-- and writes go on, so two in a row are fine).
ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_positive;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
-- fixture:next-file
-- migguard:tx none
-- Without a transaction each statement commits on its own.
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;

-- A COMMIT between the two is enough, also COMMIT AND CHAIN.
BEGIN;
ALTER TABLE users ADD CONSTRAINT users_email_len CHECK (length(email) < 300) NOT VALID;
COMMIT AND CHAIN;
ALTER TABLE users VALIDATE CONSTRAINT users_email_len;
COMMIT;

-- A lock on another table does not hold this one up.
BEGIN;
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE orders VALIDATE CONSTRAINT orders_note_len;
COMMIT;
-- fixture:next-file
-- A table created in the same migration is empty.
CREATE TABLE coupons (id bigint PRIMARY KEY, pct int);
ALTER TABLE coupons ADD CONSTRAINT coupons_pct CHECK (pct <= 100) NOT VALID;
ALTER TABLE coupons VALIDATE CONSTRAINT coupons_pct;
