-- fixture:format golang-migrate
-- fixture:file 000001_create_accounts.up.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- fixture:file 000001_create_accounts.down.sql
DROP TABLE accounts;
-- fixture:next-file
-- fixture:file 000002_add_email.down.sql -- want "migration-format: 000002_add_email\.down\.sql has no up file: golang-migrate records version 000002 as applied without running anything, and runs this file when migrating down from it"
-- The up file was deleted or misnamed: migrating up records version 2
-- and runs nothing.
ALTER TABLE accounts DROP COLUMN email;
-- fixture:next-file
-- fixture:file 000003_add_name.up.sql
ALTER TABLE accounts ADD COLUMN name text;
-- fixture:next-file
-- golang-migrate pairs a down file with the up file of its version, whatever
-- the names after it: this one is no lone down.
-- fixture:file 000003_drop_name.down.sql
ALTER TABLE accounts DROP COLUMN name;
-- fixture:next-file
-- fixture:file 000004_seed.up.json
-- golang-migrate reads an up file of any extension: this version has one,
-- which migguard does not read, and its down file is no lone down.
-- fixture:next-file
-- fixture:file 000004_seed.down.sql
DELETE FROM accounts;
-- fixture:next-file
-- fixture:file 5_notes.up.txt
-- Versions compare as numbers: 5 is the version of the down file below.
-- fixture:next-file
-- fixture:file 000005_notes.down.sql
DELETE FROM accounts WHERE false;
