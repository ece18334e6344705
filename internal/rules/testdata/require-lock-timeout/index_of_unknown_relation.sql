-- A lock on an index queues the queries of the relation it is on: the message names it, for a materialized view and for a table the migrations did not create.
SET lock_timeout = '2s';
CREATE TABLE lists (id bigint PRIMARY KEY);
CREATE MATERIALIZED VIEW list_stats AS SELECT id AS list_id FROM lists;
CREATE UNIQUE INDEX list_stats_idx ON list_stats (list_id);
CREATE INDEX views_date_idx ON campaign_views (created_at);
-- fixture:next-file
ALTER MATERIALIZED VIEW list_stats RENAME TO list_summary; -- want "require-lock-timeout: .*list_stats"
-- fixture:next-file
-- The index moved with the view it is on.
REINDEX INDEX list_stats_idx; -- want "require-lock-timeout: REINDEX .*every query on \"list_summary\" queues"
-- fixture:next-file
DROP INDEX list_stats_idx; -- want "require-lock-timeout: DROP INDEX \"list_stats_idx\" waits for ACCESS EXCLUSIVE on \"list_summary\" with no lock_timeout: while it waits, every query on \"list_summary\" queues behind it"
-- fixture:next-file
DROP INDEX views_date_idx; -- want "require-lock-timeout: DROP INDEX \"views_date_idx\" waits for ACCESS EXCLUSIVE on \"campaign_views\""
