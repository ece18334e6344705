-- A table an earlier migration created.
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, phone text, nick text, city text);
-- fixture:next-file
-- Nothing proves the column non-null: the whole table is scanned under ACCESS EXCLUSIVE.
ALTER TABLE users ALTER COLUMN email SET NOT NULL; -- want "set-not-null-unproven: setting column \"email\" of \"users\" NOT NULL scans the whole table under ACCESS EXCLUSIVE: every query on \"users\" waits until the scan ends; no CHECK \(email IS NOT NULL\) validated in an earlier migration proves it"

-- A CHECK about another column, or one that does not rule NULL out, proves nothing.
ALTER TABLE users ADD CONSTRAINT users_city_check CHECK (city IS NOT NULL OR name IS NOT NULL) NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_city_check;
-- fixture:next-file
ALTER TABLE users ALTER COLUMN city SET NOT NULL; -- want "set-not-null-unproven: setting column \"city\" .*no CHECK"

-- The CHECK is there but still NOT VALID.
ALTER TABLE users ALTER COLUMN name SET NOT NULL; -- want "set-not-null-unproven: setting column \"name\" of \"users\" NOT NULL scans the whole table .*: CHECK \"users_name_nn\" proves the column non-null but is still NOT VALID"
-- fixture:next-file
-- Added and validated in the very transaction that sets NOT NULL.
ALTER TABLE users ADD CONSTRAINT users_phone_nn CHECK (phone IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_phone_nn;
ALTER TABLE users ALTER COLUMN phone SET NOT NULL; -- want "set-not-null-unproven: setting column \"phone\" of \"users\" NOT NULL relies on CHECK \"users_phone_nn\", added and validated in this same transaction"
-- fixture:next-file
ALTER TABLE users ADD CONSTRAINT users_nick_nn CHECK (nick IS NOT NULL) NOT VALID;
-- fixture:next-file
-- Added earlier, but validated in the transaction that sets NOT NULL.
ALTER TABLE users VALIDATE CONSTRAINT users_nick_nn;
ALTER TABLE users ALTER COLUMN nick SET NOT NULL; -- want "set-not-null-unproven: setting column \"nick\" of \"users\" NOT NULL relies on CHECK \"users_nick_nn\", validated in this same transaction"
-- fixture:next-file
-- migguard:tx none
-- A table the migrations do not know is taken to exist, with nothing proven.
ALTER TABLE billing.invoices ALTER COLUMN total SET NOT NULL; -- want "set-not-null-unproven: setting column \"total\" of \"billing.invoices\" NOT NULL scans"
