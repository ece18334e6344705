-- Dropping an existing index without CONCURRENTLY locks its table against every query.
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_name_idx ON users (name);
-- fixture:next-file
DROP INDEX users_email_idx; -- want "drop-index-non-concurrently: dropping index \"users_email_idx\" without CONCURRENTLY takes ACCESS EXCLUSIVE on \"users\": every query on it"

DROP INDEX IF EXISTS users_name_idx, legacy_idx; -- want "drop-index-non-concurrently: .*\"users_name_idx\".*\"users\"" "drop-index-non-concurrently: dropping index \"legacy_idx\" .*on its table"

DROP INDEX app.orders_ref_idx CASCADE; -- want "drop-index-non-concurrently: dropping index \"app.orders_ref_idx\""
