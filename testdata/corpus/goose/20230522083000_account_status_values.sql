-- +goose Up
ALTER TYPE account_status ADD VALUE IF NOT EXISTS 'deleted';

-- +goose Down
SELECT 1;
