-- Creating a partition locks its existing parent with ACCESS EXCLUSIVE.
CREATE TABLE events_2026_01 PARTITION OF events -- want "require-lock-timeout: CREATE TABLE \"events_2026_01\" waits for ACCESS EXCLUSIVE on \"events\" .*every query on \"events\""
    FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
