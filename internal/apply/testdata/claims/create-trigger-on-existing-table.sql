-- What the bad fixture of create-trigger-on-existing-table takes to exist.
CREATE SCHEMA billing;
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE billing.orders (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric);
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION check_balance() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
