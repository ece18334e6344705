-- +goose Up
-- goose runs this file in a transaction: CONCURRENTLY fails at once.
CREATE INDEX CONCURRENTLY users_name_idx ON users (name);

-- +goose Down
DROP INDEX users_name_idx;
