-- migguard:tx none
-- Concurrent detaches and FINALIZE are fine.
ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;
ALTER TABLE events DETACH PARTITION events_2020 FINALIZE;

-- A partitioned table created in the same migration.
CREATE TABLE logs (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE logs_2020 PARTITION OF logs FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
ALTER TABLE logs DETACH PARTITION logs_2020;
-- fixture:next-file
-- With a DEFAULT partition PostgreSQL refuses DETACH CONCURRENTLY, so there is nothing better to suggest.
CREATE TABLE orders (id bigint, region text) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_rest PARTITION OF orders DEFAULT;
-- fixture:next-file
ALTER TABLE orders DETACH PARTITION orders_eu;
