-- A plain refresh of an existing materialized view blocks every read of it.
REFRESH MATERIALIZED VIEW daily_totals; -- want "refresh-matview-blocking: refreshing materialized view \"daily_totals\" without CONCURRENTLY"

REFRESH MATERIALIZED VIEW reporting.monthly_revenue WITH NO DATA; -- want "refresh-matview-blocking: .*empties \"reporting.monthly_revenue\""
