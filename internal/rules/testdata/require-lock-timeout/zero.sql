-- lock_timeout = 0 means no timeout at all.
SET lock_timeout = 0;
DROP TABLE old_sessions; -- want "require-lock-timeout: DROP TABLE \"old_sessions\" waits for ACCESS EXCLUSIVE"
