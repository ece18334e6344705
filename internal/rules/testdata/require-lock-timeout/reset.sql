-- RESET turns the timeout off again.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;
RESET lock_timeout;
ALTER TABLE users DROP COLUMN legacy_flag; -- want "require-lock-timeout: ALTER TABLE \"users\""
