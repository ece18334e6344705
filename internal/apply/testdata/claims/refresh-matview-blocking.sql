-- What the bad fixture of refresh-matview-blocking takes to exist.
CREATE SCHEMA reporting;
CREATE TABLE orders (id bigint PRIMARY KEY, at date, total numeric);
CREATE MATERIALIZED VIEW daily_totals AS SELECT at, sum(total) AS total FROM orders GROUP BY at;
CREATE MATERIALIZED VIEW reporting.monthly_revenue AS SELECT date_trunc('month', at) AS month, sum(total) AS total FROM orders GROUP BY 1;
