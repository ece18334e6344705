-- The code already uses the new names; a column of the same name on another
-- table does not count; a view keeps the old table name working.
-- fixture:uses users.email_address app/models.go:12 gorm model User field EmailAddress
-- fixture:uses accounts.email app/models.go:30 gorm model Account field Email
-- fixture:uses events app/events.go:4 query "SELECT id FROM events"
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE events (id bigint PRIMARY KEY);
-- fixture:next-file
ALTER TABLE users RENAME COLUMN email TO email_address;

ALTER TABLE events RENAME TO audit_events;
CREATE VIEW events AS SELECT * FROM audit_events;
