-- fixture:format plain -- want "migration-layout-unknown: no migration format explains m: plain SQL reads only the \.sql files directly in it, and 1 \.sql file below it was not read: 20240101000000_create_accounts/up\.sql"
-- fixture:file 20240101000000_create_accounts/up.sql
CREATE TABLE accounts (id bigint PRIMARY KEY);
