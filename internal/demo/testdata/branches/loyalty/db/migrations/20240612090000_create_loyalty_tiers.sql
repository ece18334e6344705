-- +goose Up
CREATE TABLE loyalty_tiers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    min_points integer NOT NULL
);

-- +goose Down
DROP TABLE loyalty_tiers;
