-- What the bad fixture of require-statement-timeout takes to exist.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, placed_at timestamptz, archived boolean);
CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric);
