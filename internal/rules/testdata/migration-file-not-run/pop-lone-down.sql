-- fixture:format pop
-- fixture:file 20200101000000_create_accounts.postgres.up.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- fixture:file 20200101000000_create_accounts.postgres.down.sql
DROP TABLE accounts;
-- fixture:next-file
-- fixture:file 20200102000000_add_email.down.sql -- want "migration-file-not-run: 20200102000000_add_email\.down\.sql is never run: pop runs a \.down\.sql file only to undo the up migration of its version, and version 20200102000000 has none"
-- pop runs a down file only to undo a version it applied.
ALTER TABLE accounts DROP COLUMN email;
-- fixture:next-file
-- fixture:file 20200103000000_add_name.up.fizz
-- add_column("accounts", "name", "string", {})
-- fixture:next-file
-- A fizz up file, which migguard does not read, is the up migration of
-- this down file: pop runs it to undo that version.
-- fixture:file 20200103000000_add_name.down.sql
ALTER TABLE accounts DROP COLUMN name;
