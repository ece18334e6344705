-- ALTER TABLE statements that cost nothing more apart, or cannot or should not be merged.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE users ADD COLUMN region text;
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';
ALTER TABLE users ALTER COLUMN email TYPE citext;
ALTER TABLE users ADD COLUMN theme text;
ALTER TABLE users ADD COLUMN locale text;
UPDATE users SET locale = 'en' WHERE id < 1000;
ALTER TABLE users ALTER COLUMN locale SET NOT NULL;
ALTER TABLE orders ALTER COLUMN total TYPE numeric(20,2);
-- Each index is built by a scan of its own, within one ALTER TABLE too.
ALTER TABLE orders ADD CONSTRAINT orders_total_key UNIQUE (total);
ALTER TABLE orders ADD CONSTRAINT orders_id_total_key UNIQUE (id, total);
ALTER TABLE users ALTER COLUMN nickname TYPE citext;
ALTER TABLE orders ALTER COLUMN qty TYPE bigint;
ALTER INDEX users_email_idx SET (fillfactor = 90);
ALTER INDEX users_email_idx SET (deduplicate_items = off);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE ledger (id bigint PRIMARY KEY, amount int);
ALTER TABLE ledger ALTER COLUMN amount TYPE bigint;
ALTER TABLE ledger ALTER COLUMN id TYPE numeric;
-- PostgreSQL validates each foreign key in a query of its own, within one
-- statement too: merging these saves no scan.
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE invoices ALTER COLUMN total TYPE numeric(20,2);
-- fixture:next-file
-- NOT VALID then VALIDATE belong in different transactions; autocommit statements are apart anyway.
-- migguard:tx none
BEGIN;
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_balance_check;
ALTER TABLE accounts ALTER COLUMN balance SET NOT NULL;
COMMIT;
ALTER TABLE accounts ALTER COLUMN id TYPE bigint;
ALTER TABLE accounts ALTER COLUMN owner_id TYPE bigint;
