-- ALTER TABLE statements that cannot or should not be merged.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET plan = 'free' WHERE id < 1000;
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE users ADD COLUMN region text;
ALTER TABLE orders ADD COLUMN channel text;
ALTER INDEX users_email_idx SET (fillfactor = 90);
ALTER INDEX users_email_idx SET (deduplicate_items = off);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE ledger (id bigint PRIMARY KEY);
ALTER TABLE ledger ADD COLUMN amount numeric;
ALTER TABLE ledger ADD COLUMN note text;
-- fixture:next-file
-- NOT VALID then VALIDATE belong in different transactions; autocommit statements are apart anyway.
-- migguard:tx none
BEGIN;
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE accounts VALIDATE CONSTRAINT accounts_balance_check;
ALTER TABLE accounts ADD COLUMN note text;
COMMIT;
ALTER TABLE accounts ADD COLUMN plan text;
ALTER TABLE accounts ADD COLUMN region text;
