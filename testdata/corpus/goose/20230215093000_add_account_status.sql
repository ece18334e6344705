-- +goose Up
CREATE TYPE account_status AS ENUM ('active', 'suspended');
ALTER TABLE accounts ADD COLUMN status account_status NOT NULL DEFAULT 'active';
ALTER TABLE accounts ADD COLUMN last_login_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE accounts DROP COLUMN last_login_at;
ALTER TABLE accounts DROP COLUMN status;
DROP TYPE account_status;
