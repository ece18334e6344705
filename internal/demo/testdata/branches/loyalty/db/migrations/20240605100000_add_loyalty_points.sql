-- +goose Up
-- Written before develop gained 20240610150000_drop_legacy_column.sql: this
-- version now sorts before develop's newest migration.
ALTER TABLE users ADD COLUMN loyalty_points integer;

-- +goose Down
ALTER TABLE users DROP COLUMN loyalty_points;
