CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY);
-- fixture:next-file
-- The old name keeps working through a view created in the same transaction.
ALTER TABLE users RENAME TO customers;
CREATE VIEW users AS SELECT * FROM customers;

-- A table swap: the old name is taken over by the new table in the same transaction.
CREATE TABLE orders_new (id bigint PRIMARY KEY, total numeric);
INSERT INTO orders_new (id) SELECT id FROM orders;
ALTER TABLE orders RENAME TO orders_old;
ALTER TABLE orders_new RENAME TO orders;

-- Tables created in the same migration, and temporary tables.
CREATE TABLE import_a (line text);
ALTER TABLE import_a RENAME TO import_b;
CREATE TEMP TABLE scratch (id int);
ALTER TABLE scratch RENAME TO scratch2;

-- Renaming an index or a column is not renaming a table.
ALTER INDEX IF EXISTS customers_pkey RENAME TO customers_pk;
-- fixture:next-file
-- In an explicit transaction.
-- migguard:tx none
BEGIN;
ALTER TABLE customers RENAME TO clients;
CREATE OR REPLACE VIEW customers AS SELECT * FROM clients;
COMMIT;
