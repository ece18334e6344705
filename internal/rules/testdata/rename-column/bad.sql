CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE VIEW user_emails AS SELECT id, email FROM users;
-- fixture:next-file
ALTER TABLE users RENAME COLUMN email TO email_address; -- want "rename-column: renaming column \"email\" of \"users\" to \"email_address\" breaks running application code that still uses \"email\""

ALTER TABLE IF EXISTS ONLY users RENAME name TO full_name; -- want "rename-column: renaming column \"name\" of \"users\""

ALTER VIEW user_emails RENAME COLUMN email TO address; -- want "rename-column: renaming column \"email\" of \"user_emails\""

-- Tables the migrations do not know are reported too.
ALTER TABLE billing.invoices RENAME COLUMN amount TO amount_cents; -- want "rename-column: renaming column \"amount\" of \"billing.invoices\""
