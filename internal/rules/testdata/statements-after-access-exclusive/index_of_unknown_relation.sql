-- Indexes of a materialized view, and of a table that a base schema outside the migrations made, lock that relation.
SET lock_timeout = '2s';
CREATE TABLE lists (id bigint PRIMARY KEY);
CREATE MATERIALIZED VIEW list_stats AS SELECT id AS list_id FROM lists;
CREATE UNIQUE INDEX list_stats_idx ON list_stats (list_id);
CREATE MATERIALIZED VIEW list_totals AS SELECT count(*) AS n FROM lists;
CREATE UNIQUE INDEX list_totals_idx ON list_totals (n);
CREATE INDEX views_date_idx ON campaign_views (created_at);
-- fixture:next-file
-- A lock on another relation than the index's is held while the view's lock is waited for.
DROP INDEX views_date_idx;
DROP MATERIALIZED VIEW list_totals; -- want "statements-after-access-exclusive: DROP MATERIALIZED VIEW \"list_totals\" waits for ACCESS EXCLUSIVE on \"list_totals\" while the transaction holds ACCESS EXCLUSIVE on \"campaign_views\" since line 11"
-- fixture:next-file
-- The view is dropped with its index: the second statement waits for no lock the transaction does not hold.
-- (No lock_timeout: a wait for another relation's lock would be reported.)
DROP INDEX IF EXISTS list_stats_idx;
DROP MATERIALIZED VIEW IF EXISTS list_stats;
-- fixture:next-file
-- The index is built again while DROP INDEX holds its table.
SET lock_timeout = '2s';
CREATE INDEX views_date_idx ON campaign_views (created_at);
DROP INDEX IF EXISTS views_date_idx; CREATE INDEX IF NOT EXISTS views_date_idx ON campaign_views (created_at); -- want "statements-after-access-exclusive: CREATE INDEX on \"campaign_views\" builds index \"views_date_idx\" while the transaction holds ACCESS EXCLUSIVE on \"campaign_views\" since line 22"
