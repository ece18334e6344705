-- Dropping keys and foreign keys of tables that existed before this migration.
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    total numeric CHECK (total >= 0)
);
CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));
-- fixture:next-file
ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey; -- want "drop-constraint: dropping foreign key \"orders_user_id_fkey\" of \"orders\" stops enforcing references to \"users\""

ALTER TABLE users DROP CONSTRAINT users_email_key; -- want "drop-constraint: dropping unique constraint \"users_email_key\" of \"users\" drops its index"

ALTER TABLE users DROP CONSTRAINT users_pkey CASCADE; -- want "drop-constraint: dropping primary key \"users_pkey\" of \"users\""

ALTER TABLE bookings DROP CONSTRAINT bookings_room_during_excl; -- want "drop-constraint: dropping exclusion constraint \"bookings_room_during_excl\""

-- Tables the migrations do not know: the kind comes from PostgreSQL's default names.
ALTER TABLE invoices DROP CONSTRAINT invoices_customer_id_fkey; -- want "drop-constraint: dropping foreign key \"invoices_customer_id_fkey\" of \"invoices\" stops enforcing references to the table it references"
ALTER TABLE invoices DROP CONSTRAINT invoices_number_uniq; -- want "drop-constraint: dropping constraint \"invoices_number_uniq\" of \"invoices\", whose kind is unknown"
-- fixture:next-file
-- A replacement added only after the transaction commits leaves a window without the key.
-- migguard:tx none
CREATE UNIQUE INDEX CONCURRENTLY orders_id_new ON orders (id);
ALTER TABLE orders DROP CONSTRAINT orders_pkey; -- want "drop-constraint: dropping primary key \"orders_pkey\""
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_new;
-- fixture:next-file
-- A table the migrations do not create: the foreign key added is on other columns than the one dropped.
ALTER TABLE campaigns DROP CONSTRAINT campaigns_archive_template_id_fkey, ADD FOREIGN KEY (template_id) REFERENCES templates (id); -- want "drop-constraint: dropping foreign key \"campaigns_archive_template_id_fkey\""
