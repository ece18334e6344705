CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users,
    total numeric CONSTRAINT orders_total_check CHECK (total >= 0)
);
-- fixture:next-file
-- CHECK constraints only loosen validation; dropping the NOT NULL proof is the last step of its recipe.
ALTER TABLE orders DROP CONSTRAINT orders_total_check;
ALTER TABLE invoices DROP CONSTRAINT invoices_amount_check;

-- Constraints added earlier in the same migration.
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_email_uniq UNIQUE (email);
ALTER TABLE users DROP CONSTRAINT users_email_uniq;

-- Tables created in the same migration.
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);
ALTER TABLE payments DROP CONSTRAINT payments_order_id_fkey;

-- IF EXISTS of a constraint the migrations never created does nothing.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_email_key;
-- fixture:next-file
-- A primary key swapped for one built concurrently beforehand, in one transaction.
CREATE UNIQUE INDEX orders_id_new ON orders (id);
-- fixture:next-file
ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD CONSTRAINT orders_pkey_new PRIMARY KEY USING INDEX orders_id_new;

-- A foreign key re-added with other actions in the same transaction.
ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users ON DELETE CASCADE NOT VALID;

-- A table the migrations do not create (made by an install script): the
-- foreign key named as PostgreSQL names it is replaced in the same
-- statement.
ALTER TABLE campaigns DROP CONSTRAINT IF EXISTS campaigns_template_id_fkey,
    ADD FOREIGN KEY (template_id) REFERENCES templates (id) ON DELETE SET NULL;
