-- Weak lock modes, and locks on tables created in this migration, are fine.
LOCK TABLE users IN ACCESS SHARE MODE;
LOCK TABLE users IN ROW EXCLUSIVE MODE;
LOCK TABLE users IN SHARE UPDATE EXCLUSIVE MODE;

CREATE TABLE job_queue (id bigint PRIMARY KEY, payload jsonb);
LOCK TABLE job_queue IN ACCESS EXCLUSIVE MODE;

SELECT * FROM users WHERE id = 1 FOR UPDATE;
