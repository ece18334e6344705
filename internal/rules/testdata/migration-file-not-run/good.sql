-- fixture:format golang-migrate
-- fixture:file 000001_create_accounts.up.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- fixture:file 000001_create_accounts.down.sql
DROP TABLE accounts;
-- fixture:next-file
-- fixture:file 000002_add_email.up.sql
ALTER TABLE accounts ADD COLUMN email text;
