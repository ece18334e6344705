-- +migrate Up
CREATE INDEX users_email_idx ON users (email); -- want `^create-index-non-concurrently: `

-- +migrate Down
ALTER TABLE users ALTER COLUMN email TYPE varchar(20);
DROP INDEX users_email_idx;
