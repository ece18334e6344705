-- What the bad fixture of explicit-lock-table takes to exist.
CREATE SCHEMA billing;
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY);
CREATE TABLE accounts (id bigint PRIMARY KEY);
