-- +goose Up
-- Names moved to the profile service; internal/store still queries users.name.
SET lock_timeout = '3s';
ALTER TABLE users DROP COLUMN name;

-- +goose Down
ALTER TABLE users ADD COLUMN name text;
