-- What the bad fixture of vacuum-full-or-cluster takes to exist.
CREATE SCHEMA billing;
CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY);
