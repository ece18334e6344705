DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'order_state') THEN
        CREATE TYPE order_state AS ENUM ('open', 'paid');
    END IF;
END
$$;
CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, state order_state NOT NULL DEFAULT 'open');
DO $$
BEGIN
    ALTER TABLE orders ADD COLUMN note text;
EXCEPTION WHEN duplicate_column THEN NULL;
END
$$;
