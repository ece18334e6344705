-- What the bad fixture of rename-column takes to exist.
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, amount numeric);
