-- What the bad fixture of drop-column takes to exist.
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, coupon_code text, coupon_value numeric);
