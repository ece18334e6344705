-- What the bad fixture of set-not-null-unproven takes to exist.
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, total numeric);
