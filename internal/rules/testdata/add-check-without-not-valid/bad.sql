-- Tables an earlier migration created.
CREATE TABLE products (id bigint PRIMARY KEY, price numeric, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, qty int);
-- fixture:next-file
-- A CHECK without NOT VALID on an existing table scans it under ACCESS EXCLUSIVE.
ALTER TABLE products ADD CONSTRAINT price_positive CHECK (price > 0); -- want "add-check-without-not-valid: adding CHECK constraint \"price_positive\" to \"products\" without NOT VALID scans the whole table under ACCESS EXCLUSIVE"

-- Unnamed, next to other commands.
ALTER TABLE orders
    ADD COLUMN note text,
    ADD CHECK (qty > 0); -- want "add-check-without-not-valid: adding a CHECK constraint to \"orders\""

-- ONLY and IF EXISTS change nothing.
ALTER TABLE IF EXISTS ONLY products ADD CONSTRAINT name_set CHECK (name <> ''); -- want "add-check-without-not-valid: .*\"name_set\""

-- A table the migrations do not know is taken to exist already.
ALTER TABLE billing.accounts ADD CONSTRAINT balance_ok CHECK (balance >= 0); -- want "add-check-without-not-valid: .*\"balance_ok\" to \"billing.accounts\""
-- fixture:next-file
-- migguard:tx none
-- Outside a transaction the scan holds the lock just the same.
ALTER TABLE orders ADD CONSTRAINT qty_small CHECK (qty < 1000); -- want "add-check-without-not-valid: .*\"qty_small\""
