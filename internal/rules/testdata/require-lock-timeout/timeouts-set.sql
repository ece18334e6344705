-- Each way of setting a lock_timeout before the lock is accepted.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;
-- fixture:next-file
-- migguard:tx none
SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE users ADD COLUMN locale text;
-- fixture:next-file
-- migguard:tx none
SET lock_timeout = '2s';
BEGIN;
ALTER TABLE users ADD COLUMN theme text;
COMMIT;
ALTER TABLE users ADD COLUMN timezone text;
-- fixture:next-file
SET LOCAL lock_timeout = '1500ms';
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX orders_note_idx ON orders (note);
-- fixture:next-file
-- migguard:tx none
BEGIN;
SELECT set_config('lock_timeout', '2s', true);
ALTER TABLE orders ADD COLUMN channel text;
COMMIT;
