CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    name text,
    age integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    legacy_code text,
    region text NOT NULL
);
