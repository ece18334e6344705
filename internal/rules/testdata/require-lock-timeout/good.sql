-- Statements that take no blocking lock on an existing table need no lock_timeout.
-- migguard:tx none
CREATE TABLE audit_log (id bigint PRIMARY KEY, user_id bigint, at timestamptz NOT NULL);
CREATE INDEX audit_log_at_idx ON audit_log (at);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_user_fk FOREIGN KEY (user_id) REFERENCES audit_log (id);
ALTER TABLE audit_log ADD COLUMN actor text;
CREATE TEMP TABLE scratch (id int);
ALTER TABLE scratch ADD COLUMN note text;

CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
ALTER TABLE orders ALTER COLUMN note SET STATISTICS 500;
ALTER TABLE orders SET (fillfactor = 90);
UPDATE orders SET status = 'archived' WHERE placed_at < '2020-01-01';
CREATE VIEW recent_orders AS SELECT * FROM orders WHERE placed_at > now() - interval '7 days';
COMMENT ON TABLE orders IS 'customer orders';
