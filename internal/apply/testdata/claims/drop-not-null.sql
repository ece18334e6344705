-- What the bad fixture of drop-not-null takes to exist.
CREATE TABLE orders (id bigint PRIMARY KEY, shipped_at timestamptz NOT NULL);
