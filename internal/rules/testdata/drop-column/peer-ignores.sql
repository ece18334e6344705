-- Suppression comments written for squawk and eugene select the migguard rules that cover theirs.
CREATE TABLE users (id bigint PRIMARY KEY, a text, b text, c text, d text, e text);
-- fixture:next-file
-- squawk-ignore ban-drop-column -- the app stopped reading it
ALTER TABLE users DROP COLUMN a;
/* squawk-ignore ban-drop-column, renaming-column */
ALTER TABLE users DROP COLUMN b;
-- eugene: ignore
ALTER TABLE users DROP COLUMN c;
-- The ignore covers its statement only.
ALTER TABLE users DROP COLUMN d; -- want "drop-column: dropping column \"d\""
-- fixture:next-file
-- squawk-ignore-file ban-drop-column
ALTER TABLE users DROP COLUMN e;
