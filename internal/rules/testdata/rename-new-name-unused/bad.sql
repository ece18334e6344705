-- The code uses the table, but neither the old nor the new column name.
-- fixture:uses users app/models.go:8 gorm model User
-- fixture:uses users.id app/models.go:9 gorm model User field ID
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- fixture:next-file
ALTER TABLE users RENAME COLUMN email TO email_address; -- want "rename-new-name-unused: column \"email\" of \"users\" is renamed to \"email_address\", but no code of this commit uses \"email_address\", though gorm model User \(app/models.go:8\) uses the table"
