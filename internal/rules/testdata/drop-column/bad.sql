-- Dropping columns of tables that existed before this migration.
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nickname text, legacy_flags int);
-- fixture:next-file
ALTER TABLE users DROP COLUMN nickname; -- want "drop-column: dropping column \"nickname\" of \"users\" deletes its data and breaks running application code"

ALTER TABLE users DROP COLUMN IF EXISTS legacy_flags CASCADE; -- want "drop-column: .*\"legacy_flags\".*CASCADE also drops the views"

-- Tables the migrations do not know about are reported too.
ALTER TABLE app.orders DROP COLUMN coupon_code, DROP COLUMN coupon_value; -- want "drop-column: dropping column \"coupon_code\" of \"app.orders\"" "drop-column: dropping column \"coupon_value\""
