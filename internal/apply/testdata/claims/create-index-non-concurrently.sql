-- What the bad fixture of create-index-non-concurrently takes to exist.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, reference text);
