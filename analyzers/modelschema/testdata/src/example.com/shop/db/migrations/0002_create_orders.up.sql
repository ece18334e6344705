CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users,
    total numeric(10,2) NOT NULL,
    status text NOT NULL,
    placed_at timestamptz
);
