-- What the bad fixture of add-foreign-key-without-not-valid takes to exist.
CREATE SCHEMA shop;
CREATE TABLE shop.payments (id bigint PRIMARY KEY, order_id bigint);
