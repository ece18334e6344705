-- What the bad fixture of drop-index-non-concurrently takes to exist.
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, ref text);
CREATE INDEX orders_ref_idx ON app.orders (ref);
CREATE TABLE legacy (id bigint, x int);
CREATE INDEX legacy_idx ON legacy (x);
