-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS posts_title_trgm_idx ON posts USING gin (title gin_trgm_ops);

-- +migrate Down notransaction
DROP INDEX CONCURRENTLY IF EXISTS posts_title_trgm_idx;
