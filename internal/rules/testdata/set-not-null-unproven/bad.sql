-- A table an earlier migration created.
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, city text);
-- fixture:next-file
-- Nothing proves the column non-null: the whole table is scanned under ACCESS EXCLUSIVE.
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want "set-not-null-unproven: setting column \"email\" of \"users\" NOT NULL scans the whole table under ACCESS EXCLUSIVE: every query on \"users\" waits until the scan ends; no validated CHECK \(email IS NOT NULL\) proves it"

-- A CHECK about another column, or one that does not rule NULL out, proves nothing.
ALTER TABLE users ADD CONSTRAINT users_city_check CHECK (city IS NOT NULL OR name IS NOT NULL) NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_city_check;
-- fixture:next-file
ALTER TABLE users ALTER COLUMN city SET NOT NULL; -- want "set-not-null-unproven: setting column \"city\" .*no validated CHECK"

-- The CHECK is there but still NOT VALID.
ALTER TABLE users ALTER COLUMN name SET NOT NULL; -- want "set-not-null-unproven: setting column \"name\" of \"users\" NOT NULL scans the whole table .*: CHECK \"users_name_nn\" proves the column non-null but is still NOT VALID"
-- fixture:next-file
-- migguard:tx none
-- A table the migrations do not know is taken to exist, with nothing proven.
ALTER TABLE billing.invoices ALTER COLUMN total SET NOT NULL; -- want "set-not-null-unproven: setting column \"total\" of \"billing.invoices\" NOT NULL scans"
