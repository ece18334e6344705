-- ALTER ROLE / ALTER DATABASE … SET only reach later sessions, not this one.
ALTER ROLE migrator SET lock_timeout = '2s';
ALTER DATABASE app SET lock_timeout = '2s';
SET myapp.lock_timeout = '2s';
TRUNCATE sessions; -- want "require-lock-timeout: TRUNCATE \"sessions\" waits for ACCESS EXCLUSIVE"
