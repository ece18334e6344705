-- A ROLLBACK undoes the SET made in its transaction.
-- migguard:tx none
BEGIN;
SET lock_timeout = '2s';
ROLLBACK;
CREATE TRIGGER users_audit AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION audit(); -- want "require-lock-timeout: CREATE TRIGGER \"users_audit\" waits for SHARE ROW EXCLUSIVE on \"users\""
