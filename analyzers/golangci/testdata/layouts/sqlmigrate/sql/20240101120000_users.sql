-- +migrate Up
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, visits integer NOT NULL DEFAULT 0);

-- +migrate Down
DROP TABLE users;
