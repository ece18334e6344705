-- What the bad fixture of detach-partition-non-concurrently takes to exist.
CREATE TABLE metrics (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE metrics_old PARTITION OF metrics FOR VALUES FROM ('2000-01-01') TO ('2020-01-01');
