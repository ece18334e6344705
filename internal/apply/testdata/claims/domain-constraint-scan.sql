-- What the bad fixture of domain-constraint-scan takes to exist.
CREATE SCHEMA billing;
CREATE DOMAIN billing.amount AS numeric;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, total billing.amount);
