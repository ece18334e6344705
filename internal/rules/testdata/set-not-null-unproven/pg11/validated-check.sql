-- Before PostgreSQL 12, SET NOT NULL scans the table even when a validated
-- CHECK from an earlier migration proves the column non-null.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture:next-file
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
-- fixture:next-file
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want "set-not-null-unproven: setting column \"email\" of \"users\" NOT NULL scans the whole table under ACCESS EXCLUSIVE: .*; before PostgreSQL 12 even a validated CHECK \(email IS NOT NULL\) does not avoid the scan"

-- A column that is NOT NULL already is still fine.
ALTER TABLE users ALTER COLUMN id SET NOT NULL;
