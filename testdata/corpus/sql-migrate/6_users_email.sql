-- +migrate Up
ALTER TABLE users ADD COLUMN email VARCHAR(255);
ALTER TABLE users ADD CONSTRAINT users_email_unique UNIQUE (email);
ALTER TABLE users ALTER COLUMN username TYPE VARCHAR(100);

-- +migrate Down
ALTER TABLE users DROP CONSTRAINT users_email_unique;
ALTER TABLE users DROP COLUMN email;
