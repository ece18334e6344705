-- PostgreSQL 11 also locks the partitioned table itself during the scan.
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 (id bigint, at timestamptz NOT NULL);
-- fixture:next-file
ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'); -- want "attach-partition-scan: .*PostgreSQL 11.0 also blocks every query on \"events\" meanwhile"
