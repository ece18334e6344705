-- squawk's and eugene's ignores are reported like migguard's when they suppress nothing.
-- squawk-ignore ban-drop-column -- want "unused-ignore: ignore directive for squawk rule ban-drop-column matched no finding"
DROP INDEX CONCURRENTLY IF EXISTS users_old_idx;
-- squawk-ignore require-table-schema -- want "unused-ignore: squawk rule require-table-schema has no migguard counterpart, so its ignore suppresses nothing: an unqualified name"
CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, body text);
-- want-next "unused-ignore: ignore directive for eugene rule E3 matched no finding"
-- eugene: ignore E3
ALTER TABLE notes ADD COLUMN IF NOT EXISTS title text;
-- want-next "unused-ignore: eugene ignore without rule names matched no finding"
-- eugene: ignore
SELECT 1;
