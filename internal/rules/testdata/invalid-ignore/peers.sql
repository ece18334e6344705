-- squawk's and eugene's ignores must name their own rules; eugene fails on any other instruction.
-- squawk-ignore ban-drop-colum -- want "invalid-ignore: squawk ignore names unknown squawk rule \"ban-drop-colum\""
ALTER TABLE users DROP COLUMN IF EXISTS legacy;
-- squawk-ignore -- want "invalid-ignore: squawk-ignore names no rule: squawk suppresses nothing with it"
ALTER TABLE users DROP COLUMN IF EXISTS legacy2;
-- want-next "invalid-ignore: eugene comment \"skip E2\" is not an ignore"
-- eugene: skip E2
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- want-next "invalid-ignore: eugene ignore names unknown eugene rule \"E99\""
-- eugene: ignore E99
ALTER TABLE users ALTER COLUMN name SET NOT NULL;
