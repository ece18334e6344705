-- Names of 63 bytes or fewer are kept as written.
CREATE TABLE subscription_events (id bigint PRIMARY KEY, customer_id bigint, created_at timestamptz);
CREATE INDEX CONCURRENTLY idx_sub_events_customer_created ON subscription_events (customer_id, created_at);
-- Exactly 63 bytes:
ALTER TABLE subscription_events ADD COLUMN remaining_days_before_the_trial_period_of_the_account_expires int;
CREATE TABLE "ääääääääääääääääääääääääääääääă" (id int);

-- Long names that only refer to existing objects, and long string values, are not definitions.
SELECT * FROM subscription_events_partitioned_by_month_for_the_billing_pipeline_v2;
INSERT INTO subscription_events (id) SELECT length('a string value that is much longer than sixty-three bytes, which is fine');
CREATE INDEX CONCURRENTLY idx_billing_v2_id ON subscription_events_partitioned_by_month_for_the_billing_pipeline_v2 (id);
ALTER TABLE subscription_events_partitioned_by_month_for_the_billing_pipeline_v2 ADD COLUMN note text;
