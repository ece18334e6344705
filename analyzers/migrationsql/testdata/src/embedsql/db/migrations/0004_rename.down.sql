ALTER TABLE orders RENAME COLUMN state TO status;
