-- Turning autovacuum off, on existing and on new tables.
ALTER TABLE events SET (autovacuum_enabled = false); -- want "disable-autovacuum: turning autovacuum off for \"events\" stops cleanup of dead rows"

ALTER TABLE audit.log SET (fillfactor = 70, toast.autovacuum_enabled = off); -- want "disable-autovacuum: turning autovacuum off for the TOAST table of \"audit.log\""

CREATE TABLE page_views (id bigint, url text) WITH (autovacuum_enabled = 0); -- want "disable-autovacuum: .*\"page_views\""

CREATE MATERIALIZED VIEW hourly_views WITH (autovacuum_enabled = no) AS -- want "disable-autovacuum: .*\"hourly_views\""
    SELECT date_trunc('hour', at) AS hour, count(*) FROM views GROUP BY 1;

-- Turned on again for the table, but not for its TOAST table.
ALTER TABLE sessions SET (autovacuum_enabled = false, toast.autovacuum_enabled = false); -- want "disable-autovacuum: .*TOAST table of \"sessions\""
ALTER TABLE sessions RESET (autovacuum_enabled);
