CREATE TABLE users (id bigint PRIMARY KEY);
-- fixture:next-file
-- Before PostgreSQL 11 any non-NULL default rewrites the table.
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true; -- want "add-column-volatile-default: adding column \"active\" to \"users\" with a default rewrites the whole table under ACCESS EXCLUSIVE on PostgreSQL 10.0"

ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now(); -- want "add-column-volatile-default: .*\"created_at\""
