-- +goose Up
-- The foreign key locks users (SHARE ROW EXCLUSIVE) while the table is created:
-- a lock timeout keeps that wait short.
SET lock_timeout = '3s';
-- New tables can be indexed and constrained freely: nobody uses them yet.
CREATE TABLE orders (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    total      numeric(10,2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_user_id_idx ON orders (user_id);

-- +goose Down
DROP TABLE orders;
