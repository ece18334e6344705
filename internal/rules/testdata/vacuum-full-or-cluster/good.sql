-- Plain VACUUM and ANALYZE, FULL turned off, and rewrites of tables created in this file are fine.
-- migguard:tx none
VACUUM orders;
VACUUM (ANALYZE, VERBOSE) orders;
VACUUM (FULL false) orders;
ANALYZE users;

CREATE TABLE staging_orders (id bigint PRIMARY KEY, placed_at timestamptz);
CREATE INDEX staging_orders_placed_idx ON staging_orders (placed_at);
CLUSTER staging_orders USING staging_orders_placed_idx;
VACUUM FULL staging_orders;

ALTER TABLE users CLUSTER ON users_pkey;
