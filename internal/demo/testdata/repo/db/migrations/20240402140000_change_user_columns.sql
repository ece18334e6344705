-- +goose Up
SET lock_timeout = '3s';
-- Widening a varchar is a catalog-only change: migguard knows name is varchar(100).
ALTER TABLE users ALTER COLUMN name TYPE varchar(200);
-- Changing text to varchar(320) rewrites the table under ACCESS EXCLUSIVE.
ALTER TABLE users ALTER COLUMN email TYPE varchar(320);

-- +goose Down
ALTER TABLE users ALTER COLUMN email TYPE text;
ALTER TABLE users ALTER COLUMN name TYPE varchar(100);
