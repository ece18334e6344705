-- Validated CHECK constraints (and NOT NULL) that imply the bound let ATTACH skip its scan.
CREATE TABLE events (id bigint, at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_2024 ADD CONSTRAINT events_2024_bound CHECK (at >= '2024-01-01' AND at < '2025-01-01') NOT VALID;
CREATE TABLE visits (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE visits_2023 (id bigint, at timestamptz);
ALTER TABLE visits_2023 ADD CONSTRAINT visits_2023_bound
    CHECK (at IS NOT NULL AND at >= '2023-01-01'::timestamptz AND at < '2024-01-01'::timestamptz);
CREATE TABLE stamps (at timestamp NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE stamps_2020 (at timestamp NOT NULL CHECK (at >= DATE '2020-01-01' AND at < DATE '2021-01-01'));
CREATE TABLE events_2022 (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_2022 ADD CONSTRAINT events_2022_lo CHECK ('2022-01-01' <= at);
ALTER TABLE events_2022 ADD CONSTRAINT events_2022_hi CHECK (at <= '2022-12-31 23:59:59');
CREATE TABLE events_old (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_old ADD CONSTRAINT events_old_bound CHECK (at < '2018-01-01');
CREATE TABLE events_odd (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_odd ADD CONSTRAINT events_odd_bound CHECK (at >= '2019-01-01' AND (at < '2019-06-01' OR kind = 'x'));
CREATE TABLE orders (id bigint, region text) PARTITION BY LIST (region);
CREATE TABLE orders_eu (id bigint, region text NOT NULL);
ALTER TABLE orders_eu ADD CONSTRAINT orders_eu_region CHECK (region IN ('de', 'fr'));
CREATE TABLE orders_us (id bigint, region text);
ALTER TABLE orders_us ADD CONSTRAINT orders_us_region CHECK (region = 'us' AND region IS NOT NULL);
CREATE TABLE orders_de (id bigint, region text CHECK (region IN ('at')));
CREATE TABLE nums (n int NOT NULL) PARTITION BY RANGE (n);
CREATE TABLE nums_low (n int NOT NULL CONSTRAINT nums_low_bound CHECK (n BETWEEN 0 AND 99));
CREATE TABLE logs (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE logs_all (id bigint, at timestamptz NOT NULL);
-- fixture:next-file
ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_bound;
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE visits ATTACH PARTITION visits_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
-- date constants against a timestamp (without time zone) column are fine.
ALTER TABLE stamps ATTACH PARTITION stamps_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
ALTER TABLE events ATTACH PARTITION events_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
ALTER TABLE events ATTACH PARTITION events_old FOR VALUES FROM (MINVALUE) TO ('2018-01-01');
-- A CHECK in a form the proof does not follow gets the benefit of the doubt.
ALTER TABLE events ATTACH PARTITION events_odd FOR VALUES FROM ('2019-01-01') TO ('2019-06-01');
ALTER TABLE orders ATTACH PARTITION orders_eu FOR VALUES IN ('de', 'fr', 'nl');
ALTER TABLE orders ATTACH PARTITION orders_us FOR VALUES IN ('us');
-- A bound that admits NULL needs no NOT NULL.
ALTER TABLE orders ATTACH PARTITION orders_de FOR VALUES IN ('at', NULL);
ALTER TABLE nums ATTACH PARTITION nums_low FOR VALUES FROM (0) TO (100);
-- A table created in the same migration is empty.
CREATE TABLE events_2025 (LIKE events);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- A DEFAULT partition with no other partition beside it has nothing to check.
ALTER TABLE logs ATTACH PARTITION logs_all DEFAULT;
-- A table the schema does not know, given a CHECK earlier in the file.
ALTER TABLE archive ADD CONSTRAINT archive_bound CHECK (at IS NOT NULL AND at >= '2018-01-01' AND at < '2019-01-01') NOT VALID;
ALTER TABLE archive VALIDATE CONSTRAINT archive_bound;
ALTER TABLE events ATTACH PARTITION archive FOR VALUES FROM ('2018-01-01') TO ('2019-01-01');
