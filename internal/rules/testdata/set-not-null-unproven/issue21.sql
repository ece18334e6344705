-- A CHECK validated earlier in the same transaction proves the column non-null: SET NOT NULL does not scan.
CREATE TABLE users (id bigint PRIMARY KEY, phone text, nick text, zip text, fax text);
-- fixture:next-file
ALTER TABLE users ADD CONSTRAINT users_nick_nn CHECK (nick IS NOT NULL) NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_zip_nn CHECK (zip IS NOT NULL) NOT VALID;
-- fixture:next-file
-- VALIDATE, then SET NOT NULL, in one transaction: one scan, by the VALIDATE.
ALTER TABLE users VALIDATE CONSTRAINT users_nick_nn;
ALTER TABLE users ALTER COLUMN nick SET NOT NULL;

-- SET NOT NULL before the VALIDATE of the same transaction scans.
ALTER TABLE users ALTER COLUMN zip SET NOT NULL; -- want "set-not-null-unproven: setting column \"zip\" .*CHECK \"users_zip_nn\" proves the column non-null but is still NOT VALID"
ALTER TABLE users VALIDATE CONSTRAINT users_zip_nn;
-- fixture:next-file
-- Added and validated in the transaction that sets NOT NULL: the VALIDATE
-- scans under the ADD's lock (validate-in-same-transaction reports it), the
-- SET NOT NULL does not scan again.
ALTER TABLE users ADD CONSTRAINT users_phone_nn CHECK (phone IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_phone_nn;
ALTER TABLE users ALTER COLUMN phone SET NOT NULL;

-- A CHECK added valid in the same transaction scanned when it was added.
ALTER TABLE users ADD CONSTRAINT users_fax_nn CHECK (fax IS NOT NULL);
ALTER TABLE users ALTER COLUMN fax SET NOT NULL;
