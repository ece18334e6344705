-- Every insert sets the column, the column has a default, or nothing
-- inserts into the table.
-- fixture:inserts users app/user.go:5 id,email,tenant_id gorm model User
-- fixture:inserts users app/store.go:12 email,tenant_id "INSERT INTO users (email, tenant_id) VALUES ($1, $2)"
-- fixture:inserts users app/store.go:20 * "INSERT INTO users VALUES ($1, $2, $3)"
-- fixture:inserts orders app/models.py:9 id,total SQLAlchemy model Order
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, total int, note text, ref text);
CREATE TABLE audit (id bigint PRIMARY KEY);
-- fixture:next-file
-- migguard:ignore add-column-required the table is empty in every environment
ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;

ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;

-- migguard:ignore add-column-required the table is empty in every environment
ALTER TABLE audit ADD COLUMN actor text NOT NULL;

-- A table created in this migration: no code inserts into it yet.
CREATE TABLE tags (id bigint PRIMARY KEY);
ALTER TABLE tags ADD COLUMN name text NOT NULL;

-- The same statement gives the column a default, before or after it
-- makes the column NOT NULL: inserts that leave it out get the default.
ALTER TABLE orders ALTER COLUMN note SET DEFAULT '', ALTER COLUMN note SET NOT NULL;
ALTER TABLE orders ALTER COLUMN ref SET NOT NULL, ALTER COLUMN ref SET DEFAULT '-';
