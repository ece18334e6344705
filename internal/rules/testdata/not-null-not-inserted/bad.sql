-- Columns that become required while the code inserts rows without them.
-- fixture:inserts users app/user.go:5 id,email gorm model User
-- fixture:inserts users app/store.go:12 email "INSERT INTO users (email) VALUES ($1)"
-- fixture:inserts orders app/models.py:9 id,total SQLAlchemy model Order
-- fixture:inserts invoices app/invoice.go:4 id,number bun model Invoice
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, total int, currency text);
CREATE TABLE invoices (id bigint PRIMARY KEY, number text NOT NULL DEFAULT '', status text NOT NULL DEFAULT 'open');
-- fixture:next-file
-- migguard:ignore add-column-required the table is empty in every environment
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL; -- want "not-null-not-inserted: column \"tenant_id\" of \"users\" is added NOT NULL without a default, but gorm model User \(app/user.go:5\), \"INSERT INTO users \(email\) VALUES \(\$1\)\" \(app/store.go:12\) inserts rows without it"

ALTER TABLE orders ALTER COLUMN currency SET NOT NULL; -- want "not-null-not-inserted: column \"currency\" of \"orders\" is made NOT NULL and has no default, but SQLAlchemy model Order \(app/models.py:9\) inserts rows without it"

ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT; -- want "not-null-not-inserted: column \"status\" of \"invoices\" is NOT NULL and loses its default, but bun model Invoice \(app/invoice.go:4\)"
