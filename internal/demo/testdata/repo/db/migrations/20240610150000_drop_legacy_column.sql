-- +goose Up
SET lock_timeout = '3s';
-- migguard:ignore drop-column the application stopped reading legacy_code in release 4.2
ALTER TABLE users DROP COLUMN legacy_code;
-- Dropping a column the running application still reads breaks it.
ALTER TABLE orders DROP COLUMN total;

-- +goose Down
ALTER TABLE orders ADD COLUMN total numeric(10,2);
ALTER TABLE users ADD COLUMN legacy_code text;
