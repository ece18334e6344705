-- What the bad fixture of validate-in-same-transaction takes to exist.
CREATE SCHEMA crm;
CREATE TABLE crm.accounts (id bigint PRIMARY KEY);
CREATE TABLE crm.contacts (id bigint PRIMARY KEY, account_id bigint);
