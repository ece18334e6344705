-- +goose NO TRANSACTION
-- +goose Up
-- The safe way to index a busy table: concurrently, outside a transaction,
-- with a lock timeout so the build never queues in front of live queries.
SET lock_timeout = '3s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON orders (created_at);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS orders_created_at_idx;
