-- DETACH without CONCURRENTLY locks the whole partitioned table against every query.
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE events_2021 PARTITION OF events FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
-- fixture:next-file
ALTER TABLE events DETACH PARTITION events_2020; -- want "detach-partition-non-concurrently: detaching partition \"events_2020\" without CONCURRENTLY takes ACCESS EXCLUSIVE on \"events\": every query on the partitioned table"

ALTER TABLE IF EXISTS public.events
    DETACH PARTITION events_2021; -- want "detach-partition-non-concurrently: detaching partition \"events_2021\""

-- A parent the catalog does not know is assumed to exist already.
ALTER TABLE metrics DETACH PARTITION metrics_old; -- want "detach-partition-non-concurrently: .*\"metrics_old\".*\"metrics\""
