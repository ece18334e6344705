-- What the bad fixture of add-check-without-not-valid takes to exist.
CREATE SCHEMA billing;
CREATE TABLE billing.accounts (id bigint PRIMARY KEY, balance numeric);
