-- Renaming what the application code of the same commit still uses by the
-- old name.
-- fixture:uses users.email app/models.go:12 gorm model User field Email
-- fixture:uses legacy_orders app/orders.py:8 SQLAlchemy model Order
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE legacy_orders (id bigint PRIMARY KEY);
-- fixture:next-file
ALTER TABLE users RENAME COLUMN email TO email_address; -- want "rename-still-used: column \"email\" of \"users\" is renamed to \"email_address\" but gorm model User field Email \(app/models.go:12\) still uses the old name"

ALTER TABLE legacy_orders RENAME TO orders; -- want "rename-still-used: table \"legacy_orders\" is renamed to \"orders\" but SQLAlchemy model Order \(app/orders.py:8\) still uses the old name"
