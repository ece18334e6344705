-- Index-based and default identities, and tables created in this migration, are fine.
ALTER TABLE orders REPLICA IDENTITY USING INDEX orders_reference_key;
ALTER TABLE orders REPLICA IDENTITY DEFAULT;

CREATE TABLE outbox (id bigint GENERATED ALWAYS AS IDENTITY, payload jsonb NOT NULL);
ALTER TABLE outbox REPLICA IDENTITY FULL;
