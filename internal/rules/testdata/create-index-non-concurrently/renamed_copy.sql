-- A copy renamed into the place of the relation it replaces is still unseen by others until its transaction commits.
CREATE TABLE lists (id bigint PRIMARY KEY, status text);
CREATE MATERIALIZED VIEW list_stats AS SELECT id, status FROM lists;
-- fixture:next-file
CREATE MATERIALIZED VIEW list_stats_v2 AS SELECT id, status FROM lists WHERE status IS NOT NULL;
DROP MATERIALIZED VIEW list_stats;
ALTER MATERIALIZED VIEW list_stats_v2 RENAME TO list_stats;
CREATE UNIQUE INDEX list_stats_idx ON list_stats (id);
-- fixture:next-file
-- Once committed, it is a populated relation like any other.
-- migguard:tx none
CREATE MATERIALIZED VIEW list_counts_v2 AS SELECT status, count(*) AS n FROM lists GROUP BY status;
ALTER MATERIALIZED VIEW list_counts_v2 RENAME TO list_counts;
CREATE UNIQUE INDEX list_counts_idx ON list_counts (status); -- want "create-index-non-concurrently: creating index \"list_counts_idx\" on \"list_counts\" .*\"list_counts\" holds the rows copied into it on line 12"
