CREATE TABLE products (id bigint PRIMARY KEY, price numeric, name text);
-- fixture:next-file
-- The safe recipe: add NOT VALID (brief lock), commit, validate later.
ALTER TABLE products ADD CONSTRAINT price_positive CHECK (price > 0) NOT VALID;
-- fixture:next-file
ALTER TABLE products VALIDATE CONSTRAINT price_positive;
-- fixture:next-file
-- A table created earlier in the same migration is empty: nothing to scan.
CREATE TABLE coupons (id bigint PRIMARY KEY, pct int);
ALTER TABLE coupons ADD CONSTRAINT pct_range CHECK (pct BETWEEN 0 AND 100);

-- So is a temporary table.
CREATE TEMP TABLE scratch (n int);
ALTER TABLE scratch ADD CHECK (n > 0);

-- A foreign table's CHECK is not verified against the remote rows.
ALTER FOREIGN TABLE remote_products ADD CONSTRAINT remote_price CHECK (price > 0);

-- Other kinds of constraint have rules of their own.
ALTER TABLE products ADD CONSTRAINT products_name_key UNIQUE USING INDEX products_name_idx;
