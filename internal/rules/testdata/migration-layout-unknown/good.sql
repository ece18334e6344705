-- fixture:format plain
-- fixture:file 001_create_accounts.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- fixture:file 002_add_email.sql
ALTER TABLE accounts ADD COLUMN email text;
