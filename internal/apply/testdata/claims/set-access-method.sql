-- What the bad fixture of set-access-method takes to exist (columnar is
-- an extension the test's server does not have).
CREATE SCHEMA reporting;
CREATE TABLE events (id bigint);
CREATE MATERIALIZED VIEW reporting.daily AS SELECT 1 AS n;
