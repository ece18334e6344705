-- LOCK TABLE in a file that runs statement by statement fails, whatever the mode.
-- migguard:tx none
LOCK TABLE users IN ROW EXCLUSIVE MODE; -- want "explicit-lock-table: LOCK TABLE on \"users\" outside a transaction block fails"

BEGIN;
LOCK TABLE users IN ROW EXCLUSIVE MODE;
COMMIT;
