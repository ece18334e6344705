-- Data changes over a whole existing table in one statement.
UPDATE orders SET archived = false; -- want "unbatched-data-change: UPDATE of \"orders\" has no WHERE: it rewrites every row in one statement, and each row stays locked against other writes until the migration's transaction commits$"
DELETE FROM sessions; -- want "unbatched-data-change: DELETE FROM \"sessions\" has no WHERE: it deletes every row in one statement"
UPDATE users SET locale = 'en' WHERE locale IS NULL; -- want "unbatched-data-change: UPDATE \"users\" selects its rows with no constant bound or LIMIT, so it may change every row in one statement"
UPDATE orders o SET customer_name = c.name FROM customers c WHERE o.customer_id = c.id; -- want "unbatched-data-change: UPDATE \"orders\" selects its rows with no constant bound"
DELETE FROM events WHERE NOT keep; -- want "unbatched-data-change: DELETE FROM \"events\" selects its rows with no constant bound"
INSERT INTO user_settings (user_id, key, value) SELECT id, 'theme', 'dark' FROM users; -- want "unbatched-data-change: INSERT INTO \"user_settings\" … SELECT copies every matching row of \"users\" in one statement"
WITH src AS (SELECT id FROM users) INSERT INTO user_settings (user_id, key) SELECT id, 'theme' FROM src; -- want "unbatched-data-change: INSERT INTO \"user_settings\" … SELECT copies every matching row of \"users\" in one statement"
-- fixture:next-file
-- Outside a transaction the row locks last as long as the statement.
-- migguard:tx none
UPDATE orders SET archived = false; -- want "unbatched-data-change: UPDATE of \"orders\" has no WHERE: .*locked against other writes until it finishes$"
-- fixture:next-file
-- A backfill right after the column is added.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET plan = 'free'; -- want "unbatched-data-change: UPDATE of \"users\" has no WHERE: .*$"
