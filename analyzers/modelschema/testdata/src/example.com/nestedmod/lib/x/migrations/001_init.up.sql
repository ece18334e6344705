-- The migrations of another module's test database: they are not the
-- schema of the models of the module around it.
CREATE TABLE users (
    id bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE widgets (
    id bigint PRIMARY KEY
);
