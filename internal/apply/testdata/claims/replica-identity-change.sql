-- What the bad fixture of replica-identity-change takes to exist.
CREATE SCHEMA billing;
CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE TABLE billing.payments (id bigint PRIMARY KEY);
