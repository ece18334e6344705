-- +goose Up
DELETE FROM sessions WHERE expires_at < now() - interval '30 days';
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN ip INET;
DROP INDEX IF EXISTS sessions_account_id_idx;

-- +goose Down
CREATE INDEX sessions_account_id_idx ON sessions (account_id);
ALTER TABLE sessions DROP COLUMN ip;
ALTER TABLE sessions DROP COLUMN user_agent;
