-- What the bad fixture of drop-table takes to exist (a foreign table
-- needs a foreign data wrapper the test's server does not have).
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY);
CREATE VIEW active_orders AS SELECT 1 AS id;
