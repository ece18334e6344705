CREATE TYPE order_status AS ENUM ('pending', 'shipped');
CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'pending', note text);
-- fixture:next-file
-- The new label is used only after the ADD VALUE commits.
-- migguard:tx none
ALTER TYPE order_status ADD VALUE 'on_hold' AFTER 'pending';
UPDATE orders SET status = 'on_hold' WHERE id = 1;
BEGIN;
ALTER TYPE order_status ADD VALUE 'cancelled';
COMMIT;
UPDATE orders SET status = 'cancelled' WHERE id = 2;
-- fixture:next-file
ALTER TYPE order_status ADD VALUE 'refunded';
-- Strings equal to the new label that are not values of the enum.
UPDATE orders SET note = 'refunded' WHERE id = 3;
SELECT 'refunded';
SELECT * FROM orders WHERE status::text = 'refunded';
SELECT * FROM orders WHERE note IN ('refunded');
-- Labels that existed before.
UPDATE orders SET status = 'shipped' WHERE status = 'pending';
-- ADD VALUE IF NOT EXISTS of a label the type already has adds nothing.
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'pending';
UPDATE orders SET status = 'pending' WHERE id = 5;
-- PL/pgSQL bodies run later.
CREATE FUNCTION refund(o bigint) RETURNS void LANGUAGE plpgsql AS $$ BEGIN UPDATE orders SET status = 'refunded' WHERE id = o; END $$;
-- Tables the migrations do not know: the string cannot be tied to the enum.
UPDATE other_orders SET status = 'refunded';
