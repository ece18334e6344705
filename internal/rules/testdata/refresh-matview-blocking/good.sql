-- Concurrent refreshes, and views created in this migration, are fine.
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;

CREATE MATERIALIZED VIEW weekly_totals AS
    SELECT date_trunc('week', placed_at) AS week, sum(total) AS total FROM orders GROUP BY 1
    WITH NO DATA;
CREATE UNIQUE INDEX weekly_totals_week_idx ON weekly_totals (week);
REFRESH MATERIALIZED VIEW weekly_totals;
