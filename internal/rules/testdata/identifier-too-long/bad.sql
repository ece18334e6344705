-- Names over 63 bytes are truncated, and long names that share a prefix collide.
CREATE TABLE subscription_events_partitioned_by_month_for_the_billing_pipeline_v2 (id bigint); -- want "identifier-too-long: table \"subscription_events_partitioned_by_month_for_the_billing_pipeline_v2\" is 68 bytes: PostgreSQL silently truncates it to \"subscription_events_partitioned_by_month_for_the_billing_pipeli\"$"

CREATE INDEX index_on_subscriptions_by_customer_id_and_plan_id_and_created_at_and_status -- want "identifier-too-long: index \"index_on_subscriptions_by_customer_id_and_plan_id_and_created_at_and_status\" is 75 bytes"
    ON subscriptions (customer_id, plan_id, created_at, status);
CREATE INDEX index_on_subscriptions_by_customer_id_and_plan_id_and_created_at_and_region -- want "identifier-too-long: index .* is 75 bytes: .*, the same name as \"index_on_subscriptions_by_customer_id_and_plan_id_and_created_at_and_status\" earlier in this file"
    ON subscriptions (customer_id, plan_id, created_at, region);

ALTER TABLE subscriptions
    ADD COLUMN the_number_of_days_remaining_before_the_trial_period_expires_for_good int, -- want "identifier-too-long: column \"the_number_of_days_remaining_before_the_trial_period_expires_for_good\""
    ADD CONSTRAINT subscriptions_the_number_of_days_remaining_before_expiry_positive_check CHECK (the_number_of_days_remaining_before_the_trial_period_expires_for_good >= 0) NOT VALID; -- want "identifier-too-long: constraint \"subscriptions_the_number_of_days_remaining_before_expiry_positive_check\""

ALTER TABLE subscriptions RENAME COLUMN plan_id TO the_identifier_of_the_plan_that_the_customer_is_currently_subscribed_to; -- want "identifier-too-long: new name \"the_identifier_of_the_plan_that_the_customer_is_currently_subscribed_to\""

-- Multi-byte characters are never split: 40 two-byte characters keep 31 of them (62 bytes).
CREATE TABLE "ääääääääääääääääääääääääääääääääääääääää" (id int); -- want "identifier-too-long: table .* is 80 bytes: PostgreSQL silently truncates it to \"äääääääääääääääääääääääääääääää\"$"

CREATE MATERIALIZED VIEW monthly_revenue_by_customer_segment_and_region_and_sales_channel AS SELECT 1; -- want "identifier-too-long: materialized view \"monthly_revenue_by_customer_segment_and_region_and_sales_channel\""
