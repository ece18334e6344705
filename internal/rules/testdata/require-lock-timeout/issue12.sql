-- A lock on an index holds up its table's queries, and the message names the table.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE INDEX users_email_idx ON users (email);
-- fixture:next-file
DROP INDEX users_email_idx; -- want "require-lock-timeout: DROP INDEX \"users_email_idx\" waits for ACCESS EXCLUSIVE on \"users\" with no lock_timeout: while it waits, every query on \"users\" queues behind it"
