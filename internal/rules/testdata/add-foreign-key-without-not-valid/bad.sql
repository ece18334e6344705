-- Tables an earlier migration created.
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, parent_id bigint);
CREATE TABLE employees (id bigint PRIMARY KEY, manager_id bigint);
-- fixture:next-file
-- Validating the new key checks every row while both tables refuse writes.
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); -- want "add-foreign-key-without-not-valid: adding foreign key \"orders_user_fk\" to \"orders\" without NOT VALID checks every row of \"orders\" against \"users\" while holding SHARE ROW EXCLUSIVE on \"orders\" and on \"users\": writes to both tables wait"

-- Unnamed.
ALTER TABLE orders
    ADD FOREIGN KEY (parent_id) REFERENCES orders; -- want "add-foreign-key-without-not-valid: adding a foreign key on \(\"parent_id\"\) to \"orders\" without NOT VALID checks every row of \"orders\" against itself while holding SHARE ROW EXCLUSIVE on it: writes to \"orders\" wait"

-- A self-reference locks one table.
ALTER TABLE employees ADD CONSTRAINT employees_manager_fk FOREIGN KEY (manager_id) REFERENCES employees; -- want "add-foreign-key-without-not-valid: .*\"employees_manager_fk\""

-- A new column with a default is validated against every row.
ALTER TABLE orders ADD COLUMN coupon_user_id bigint DEFAULT 0 REFERENCES users; -- want "add-foreign-key-without-not-valid: adding column \"coupon_user_id\" with a value and REFERENCES \"users\" to \"orders\" checks every row of \"orders\" while holding ACCESS EXCLUSIVE on \"orders\" and SHARE ROW EXCLUSIVE on \"users\": every query on \"orders\" and every write to \"users\" waits"

-- Even DEFAULT NULL makes PostgreSQL check the rows.
ALTER TABLE orders ADD COLUMN referrer_id bigint DEFAULT NULL REFERENCES users (id); -- want "add-foreign-key-without-not-valid: adding column \"referrer_id\""

-- The referenced table may be new: the existing one is still scanned.
CREATE TABLE regions (id int PRIMARY KEY);
ALTER TABLE users ADD COLUMN region_id int;
ALTER TABLE users ADD CONSTRAINT users_region_fk FOREIGN KEY (region_id) REFERENCES regions; -- want "add-foreign-key-without-not-valid: .*\"users_region_fk\" to \"users\".* against \"regions\""
-- fixture:next-file
-- migguard:tx none
-- A table the migrations do not know is taken to exist already.
ALTER TABLE shop.payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders; -- want "add-foreign-key-without-not-valid: .*\"payments_order_fk\" to \"shop.payments\""
