-- +goose Up
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, legacy text);

-- +goose Down
DROP TABLE users;
