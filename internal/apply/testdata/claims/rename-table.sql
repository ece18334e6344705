-- What the bad fixture of rename-table takes to exist.
CREATE SCHEMA billing;
CREATE TABLE billing.invoice (id bigint PRIMARY KEY);
