CREATE TYPE order_status AS ENUM ('pending');
-- fixture:next-file
-- Before PostgreSQL 12, ADD VALUE cannot run inside a transaction block.
ALTER TYPE order_status ADD VALUE 'shipped' AFTER 'pending'; -- want "enum-value-used-in-same-transaction: ALTER TYPE \"order_status\" ADD VALUE cannot run inside a transaction block on PostgreSQL 11.0 \(the migration tool runs this file in one transaction\)"
-- fixture:next-file
-- migguard:tx none
ALTER TYPE order_status ADD VALUE 'cancelled';
BEGIN;
ALTER TYPE order_status ADD VALUE 'lost'; -- want "ADD VALUE cannot run inside a transaction block on PostgreSQL 11.0$"
COMMIT;
-- Allowed for a type created in the same transaction.
BEGIN;
CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood ADD VALUE 'happy';
SELECT 'happy'::mood;
COMMIT;
