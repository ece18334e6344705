-- fixture:format golang-migrate
-- fixture:file 000001_create_accounts.up.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- fixture:file 000001_create_accounts.down.sql
DROP TABLE accounts;
-- fixture:next-file
-- fixture:file 000002_add_email.sql -- want "migration-file-not-run: 000002_add_email\.sql is never run: golang-migrate runs only files named <version>_<title>\.up\.sql and \.down\.sql"
-- The .up is missing: golang-migrate never runs this file.
ALTER TABLE accounts ADD COLUMN email text;
