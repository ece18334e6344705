-- The code uses the new name, or does not use the table at all.
-- fixture:uses users app/models.go:8 gorm model User
-- fixture:uses users.email_address app/models.go:10 gorm model User field EmailAddress
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
-- fixture:next-file
ALTER TABLE users RENAME COLUMN email TO email_address;
ALTER TABLE notes RENAME COLUMN body TO text;
