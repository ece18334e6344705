-- The rest of the file is linted, and what a statement in newer syntax creates is known after it.
CREATE TABLE orders (id bigint PRIMARY KEY, price numeric, qty int);
-- fixture:next-file
CREATE TABLE order_lines (id bigint PRIMARY KEY, order_id bigint, total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL, price numeric, qty int); -- want "newer-syntax-not-analysed: .*a virtual generated column"
CREATE INDEX order_lines_order_idx ON order_lines (order_id);
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint, net numeric GENERATED ALWAYS AS (order_id * 2), CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) NOT ENFORCED); -- want "newer-syntax-not-analysed: .*a virtual generated column"
CREATE INDEX invoices_order_idx ON invoices (order_id);
ALTER TABLE invoices ADD CONSTRAINT invoices_net_nn NOT NULL net NOT VALID; -- want "newer-syntax-not-analysed: .*NOT NULL … NOT VALID"
CREATE INDEX orders_price_idx ON orders (price);
