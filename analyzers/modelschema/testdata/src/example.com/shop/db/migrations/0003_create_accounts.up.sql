CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    owner text NOT NULL,
    active integer NOT NULL DEFAULT 0,
    tags text[]
);
CREATE VIEW user_emails AS SELECT id, email FROM users;
