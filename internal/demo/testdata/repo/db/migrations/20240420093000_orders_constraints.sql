-- +goose Up
SET lock_timeout = '3s';
-- NOT VALID is right, but validating in the same transaction keeps the
-- ACCESS EXCLUSIVE lock of the ADD for the whole scan.
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;

-- +goose Down
ALTER TABLE orders DROP CONSTRAINT orders_total_positive;
