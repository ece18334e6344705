-- Dropping relations that existed before this migration.
CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE TABLE audit (id bigint PRIMARY KEY, event_id bigint REFERENCES events);
CREATE VIEW recent_events AS SELECT * FROM events WHERE at > now() - interval '1 day';
CREATE MATERIALIZED VIEW event_counts AS SELECT count(*) AS n FROM events;
-- fixture:next-file
DROP TABLE audit; -- want "drop-table: dropping table \"audit\" deletes its data and breaks running application code"

DROP VIEW recent_events; -- want "drop-table: dropping view \"recent_events\" breaks running application code that still queries it"
DROP MATERIALIZED VIEW IF EXISTS event_counts; -- want "drop-table: dropping materialized view \"event_counts\""

-- Each relation of a list is reported; CASCADE is named.
DROP TABLE IF EXISTS events, billing.invoices CASCADE; -- want "drop-table: dropping table \"events\" .*CASCADE also drops" "drop-table: dropping table \"billing.invoices\""

DROP FOREIGN TABLE remote_orders; -- want "drop-table: dropping foreign table \"remote_orders\""
-- fixture:next-file
-- A view recreated only after the transaction that dropped it commits leaves a gap.
-- migguard:tx none
CREATE VIEW open_orders AS SELECT 1 AS id;
BEGIN;
DROP VIEW active_orders; -- want "drop-table: dropping view \"active_orders\""
COMMIT;
CREATE VIEW active_orders AS SELECT 1 AS id;
