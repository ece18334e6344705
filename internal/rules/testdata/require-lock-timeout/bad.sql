-- The first lock on an existing table taken with no lock_timeout is reported, once per file.
CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX audit_log_at_idx ON audit_log (at);
ALTER TABLE audit_log ADD COLUMN actor text;

ALTER TABLE users ADD COLUMN nickname text; -- want "require-lock-timeout: ALTER TABLE \"users\" waits for ACCESS EXCLUSIVE with no lock_timeout: while it waits, every query on \"users\" queues behind it"
CREATE INDEX orders_placed_idx ON orders (placed_at);
