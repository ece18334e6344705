BEGIN;
CREATE TABLE billing.usage_records (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint NOT NULL,
    quantity integer NOT NULL,
    unit_cents integer NOT NULL,
    total_cents integer GENERATED ALWAYS AS (quantity * unit_cents) VIRTUAL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_records_subscription_fk FOREIGN KEY (subscription_id) REFERENCES billing.subscriptions (id) NOT ENFORCED
);
CREATE INDEX usage_records_subscription_id_idx ON billing.usage_records (subscription_id, recorded_at);
COMMIT;
