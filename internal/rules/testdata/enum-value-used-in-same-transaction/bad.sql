CREATE TYPE order_status AS ENUM ('pending', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'pending', note text, paused boolean);
CREATE TABLE order_events (order_id bigint, status order_status);
-- fixture:next-file
-- The migration tool runs this file in one transaction, so nothing here sees the new labels committed.
ALTER TYPE order_status ADD VALUE 'on_hold' AFTER 'pending';
ALTER TYPE order_status ADD VALUE 'cancelled';

UPDATE orders SET status = 'on_hold' WHERE paused; -- want "enum-value-used-in-same-transaction: value 'on_hold' of enum \"order_status\" was added earlier in this transaction \(the migration tool runs this file in one transaction\): writing it to column \"status\" fails with \"unsafe use of new value\""
SELECT count(*) FROM orders WHERE status = 'on_hold'; -- want "comparing column \"status\" with it"
SELECT o.id FROM orders o WHERE o.status IN ('shipped', 'cancelled'); -- want "value 'cancelled' .*comparing column \"status\""
SELECT 'on_hold'::order_status; -- want "value 'on_hold' .*casting it to \"order_status\""
SELECT CAST('cancelled' AS public.order_status); -- want "casting it to \"order_status\""
SELECT * FROM orders WHERE status = ANY (ARRAY['on_hold', 'cancelled']::order_status[]); -- want "value 'on_hold'" "value 'cancelled'"

INSERT INTO order_events VALUES (1, 'cancelled'); -- want "value 'cancelled' .*writing it to column \"status\""
INSERT INTO order_events (status, order_id) SELECT 'on_hold', id FROM orders; -- want "writing it to column \"status\""
INSERT INTO orders (id, status) VALUES (7, 'pending') ON CONFLICT (id) DO UPDATE SET status = 'cancelled'; -- want "value 'cancelled' .*writing it to column \"status\""

ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'on_hold'; -- want "using it as the default of column \"status\""
ALTER TABLE orders ADD CONSTRAINT orders_not_cancelled CHECK (status <> 'cancelled') NOT VALID; -- want "comparing column \"status\" with it"
CREATE INDEX orders_on_hold_idx ON orders (id) WHERE status = 'on_hold'; -- want "comparing column \"status\""
CREATE TABLE holds (id bigint, status order_status DEFAULT 'on_hold'); -- want "using it as the default of column \"status\""
ALTER TABLE order_events ADD COLUMN previous order_status DEFAULT 'cancelled'; -- want "default of column \"previous\""

-- PostgreSQL analyzes the body of a LANGUAGE sql function when it creates it.
CREATE FUNCTION hold(o bigint) RETURNS void LANGUAGE sql AS $$ UPDATE orders SET status = 'on_hold' WHERE id = o $$; -- want "value 'on_hold' .*writing it to column \"status\" in the body of function \"hold\""
CREATE FUNCTION is_held(o orders) RETURNS boolean LANGUAGE sql RETURN o.status = 'on_hold'::order_status; -- want "casting it to \"order_status\""
-- fixture:next-file
-- An explicit transaction block.
-- migguard:tx none
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded';
UPDATE orders SET status = 'refunded' WHERE id = 1; -- want "value 'refunded' of enum \"order_status\" was added earlier in this transaction: writing it"
COMMIT;
