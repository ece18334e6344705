-- squawk's and eugene's ignores that suppress a finding are not reported.
CREATE TABLE users (id bigint PRIMARY KEY, a text, email text);
-- fixture:next-file
SET lock_timeout = '2s';
-- squawk-ignore ban-drop-column
ALTER TABLE users DROP COLUMN a;
-- eugene: ignore E2
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
