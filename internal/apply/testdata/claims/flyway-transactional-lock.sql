-- What the bad fixture of flyway-transactional-lock takes to exist.
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
