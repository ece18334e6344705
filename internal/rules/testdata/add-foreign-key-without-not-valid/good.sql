CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- fixture:next-file
-- The safe recipe: add NOT VALID (brief lock), commit, validate later.
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
-- fixture:next-file
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
-- fixture:next-file
-- A new column without a default is NULL in every row: PostgreSQL marks the
-- key valid without checking any row.
ALTER TABLE orders ADD COLUMN coupon_user_id bigint REFERENCES users;

-- A table created in the same migration is empty.
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders;
ALTER TABLE invoices ADD COLUMN user_id bigint DEFAULT 0 REFERENCES users;

-- So is a temporary table.
CREATE TEMP TABLE scratch (user_id bigint);
ALTER TABLE scratch ADD FOREIGN KEY (user_id) REFERENCES users;
