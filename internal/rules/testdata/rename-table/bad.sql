CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY);
CREATE VIEW active_users AS SELECT * FROM users;
-- fixture:next-file
ALTER TABLE users RENAME TO customers; -- want "rename-table: renaming table \"users\" to \"customers\" breaks running application code that still uses \"users\""

ALTER VIEW active_users RENAME TO current_users; -- want "rename-table: renaming view \"active_users\" to \"current_users\""

-- Tables the migrations do not know are reported too.
ALTER TABLE IF EXISTS billing.invoice RENAME TO invoices; -- want "rename-table: renaming table \"billing.invoice\" to \"invoices\""
-- fixture:next-file
-- A compatibility view created only after the rename commits leaves a gap.
-- migguard:tx none
ALTER TABLE orders RENAME TO purchases; -- want "rename-table: renaming table \"orders\" to \"purchases\""
CREATE VIEW orders AS SELECT * FROM purchases;
