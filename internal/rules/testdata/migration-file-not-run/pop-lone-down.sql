-- fixture:format pop
-- fixture:file 20200101000000_create_accounts.postgres.up.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- fixture:file 20200101000000_create_accounts.postgres.down.sql
DROP TABLE accounts;
-- fixture:next-file
-- fixture:file 20200102000000_add_email.down.sql -- want "migration-file-not-run: 20200102000000_add_email\.down\.sql is never run: pop runs a \.down\.sql file only to undo the \.up\.sql file of its version, and version 20200102000000 has none"
-- pop runs a down file only to undo a version it applied.
ALTER TABLE accounts DROP COLUMN email;
