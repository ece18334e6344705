-- What the bad fixture of require-lock-timeout takes to exist.
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz);
