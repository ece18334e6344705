-- Bounded data changes, batches, and data changes on new or temporary tables.
UPDATE users SET locale = 'en' WHERE id = 1;
DELETE FROM sessions WHERE expires_at < '2020-01-01';
UPDATE users SET locale = 'en' WHERE id BETWEEN 1 AND 10000;
UPDATE users SET locale = 'en' WHERE id IN (SELECT id FROM users WHERE locale IS NULL LIMIT 5000);
WITH batch AS (SELECT id FROM users WHERE locale IS NULL ORDER BY id LIMIT 5000)
UPDATE users SET locale = 'en' WHERE id IN (SELECT id FROM batch);
INSERT INTO roles (name) VALUES ('admin'), ('member');
INSERT INTO settings (key, value) SELECT 'theme', 'dark';
-- A WITH query is no table: this one computes one row from bounded reads.
WITH old AS (SELECT COALESCE((SELECT value FROM settings WHERE key = 'captcha'), '') AS captcha)
INSERT INTO settings (key, value) SELECT 'security.captcha', captcha FROM old ON CONFLICT (key) DO NOTHING;
CREATE TABLE user_prefs (user_id bigint PRIMARY KEY, theme text);
INSERT INTO user_prefs (user_id, theme) SELECT id, 'dark' FROM users;
UPDATE user_prefs SET theme = 'light';
DELETE FROM user_prefs WHERE theme IS NULL;
INSERT INTO user_settings (user_id, key) SELECT user_id, 'theme' FROM user_prefs;
CREATE TEMP TABLE scratch AS SELECT id FROM users;
DELETE FROM scratch;
