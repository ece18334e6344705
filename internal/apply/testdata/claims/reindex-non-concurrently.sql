-- What the bad fixture of reindex-non-concurrently takes to exist.
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, email text);
CREATE INDEX accounts_email_idx ON app.accounts (email);
