-- +migrate Up
CREATE TABLE users (id bigint PRIMARY KEY, email text);

-- +migrate Down
DROP TABLE users;
