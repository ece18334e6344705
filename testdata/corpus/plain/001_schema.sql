-- Hand-written schema for a reporting service, applied with psql -1 -f in order.
\set ON_ERROR_STOP on
CREATE SCHEMA IF NOT EXISTS billing;
CREATE TABLE billing.plans (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    monthly_cents integer NOT NULL,
    yearly_cents integer GENERATED ALWAYS AS (monthly_cents * 10) STORED
);
CREATE TABLE billing.subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id integer NOT NULL REFERENCES billing.plans (id),
    customer_ref text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz
);
CREATE INDEX subscriptions_plan_id_idx ON billing.subscriptions (plan_id);
