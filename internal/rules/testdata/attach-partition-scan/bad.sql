-- Attaching an existing table scans it under ACCESS EXCLUSIVE unless validated CHECKs prove the bound.
CREATE TABLE events (id bigint, at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id bigint, at timestamptz NOT NULL, kind text);
CREATE TABLE visits (id bigint, at timestamptz) PARTITION BY RANGE (at);
CREATE TABLE visits_2023 (id bigint, at timestamptz);
ALTER TABLE visits_2023 ADD CONSTRAINT visits_2023_bound CHECK (at >= '2023-01-01' AND at < '2024-01-01');
CREATE TABLE events_2019 (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_2019 ADD CONSTRAINT events_2019_bound CHECK (at >= DATE '2019-01-01' AND at < DATE '2020-01-01');
CREATE TABLE events_2022 (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_2022 ADD CONSTRAINT events_2022_bound CHECK (at >= '2022-01-01' AND at < '2023-06-01');
CREATE TABLE events_2021 (id bigint, at timestamptz NOT NULL, kind text);
ALTER TABLE events_2021 ADD CONSTRAINT events_2021_bound CHECK (at >= '2021-01-01' AND at < '2022-01-01') NOT VALID;
CREATE TABLE events_rest (id bigint, at timestamptz NOT NULL, kind text);
CREATE TABLE orders (id bigint, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE orders_eu (id bigint, region text NOT NULL);
ALTER TABLE orders_eu ADD CONSTRAINT orders_eu_region CHECK (region IN ('de', 'fr', 'us'));
CREATE TABLE sessions (id bigint NOT NULL) PARTITION BY HASH (id);
CREATE TABLE sessions_0 (id bigint NOT NULL);
CREATE TABLE metrics (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE metrics_rest PARTITION OF metrics DEFAULT;
CREATE TABLE metrics_2026 (id bigint, at timestamptz NOT NULL);
ALTER TABLE metrics_2026 ADD CONSTRAINT metrics_2026_bound CHECK (at >= '2026-01-01' AND at < '2027-01-01');
-- fixture:next-file
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); -- want "attach-partition-scan: attaching \"events_2024\" to \"events\" scans all of \"events_2024\" under ACCESS EXCLUSIVE to check its rows fit the bound: no validated CHECK constraint on it limits \"at\""
ALTER TABLE visits ATTACH PARTITION visits_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01'); -- want "attach-partition-scan: .*CHECK constraints \(\"visits_2023_bound\"\) do not prove it: \"at\" may be NULL"
ALTER TABLE events ATTACH PARTITION events_2019 FOR VALUES FROM ('2019-01-01') TO ('2020-01-01'); -- want "attach-partition-scan: .*\"events_2019\".*comparing \"at\" \(timestamptz\) with a constant of another date/time type depends on the time zone"
ALTER TABLE events ATTACH PARTITION events_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01'); -- want "attach-partition-scan: .*\"events_2022\".*none of them keeps \"at\" below the upper bound"
ALTER TABLE events ATTACH PARTITION events_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01'); -- want "attach-partition-scan: .*\"events_2021\".*no validated CHECK constraint on it limits \"at\""
ALTER TABLE orders ATTACH PARTITION orders_eu FOR VALUES IN ('de', 'fr'); -- want "attach-partition-scan: .*none of them limits \"region\" to the bound's values"
ALTER TABLE sessions ATTACH PARTITION sessions_0 FOR VALUES WITH (MODULUS 4, REMAINDER 0); -- want "attach-partition-scan: .*a CHECK constraint cannot prove a hash partition bound"
ALTER TABLE metrics ATTACH PARTITION metrics_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01'); -- want "attach-partition-scan: attaching \"metrics_2026\" to \"metrics\" scans DEFAULT partition \"metrics_rest\" under ACCESS EXCLUSIVE for rows that belong in \"metrics_2026\""
ALTER TABLE events ATTACH PARTITION archive FOR VALUES FROM (MINVALUE) TO ('2020-01-01'); -- want "attach-partition-scan: .*\"archive\".*no validated CHECK constraint is known on it"
ALTER TABLE events ATTACH PARTITION events_rest DEFAULT; -- want "attach-partition-scan: .*\"events_rest\".*as the DEFAULT partition, none of its rows may belong in another partition"
