-- A stale copy of the first migrations that no code embeds.
CREATE TABLE users (
  id bigint PRIMARY KEY,
  name text NOT NULL
);
