BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE billing.subscriptions ADD COLUMN period_days integer GENERATED ALWAYS AS (coalesce(ended_at::date, current_date) - started_at::date);
ALTER TABLE billing.subscriptions ADD CONSTRAINT subscriptions_customer_ref_nn NOT NULL customer_ref NOT VALID;
COMMIT;
