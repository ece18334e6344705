-- eugene's hint ids select the rules that cover them.
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
-- fixture:next-file
-- eugene: ignore E2, E9
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- squawk-ignore adding-not-nullable-field
ALTER TABLE users ALTER COLUMN name SET NOT NULL;
