BEGIN;
SET LOCAL lock_timeout = '2s';
DROP INDEX billing.subscriptions_plan_id_idx;
CREATE INDEX subscriptions_plan_id_started_at_idx ON billing.subscriptions (plan_id, started_at);
ALTER TABLE billing.subscriptions ALTER COLUMN plan_id SET NOT NULL;
COMMIT;
