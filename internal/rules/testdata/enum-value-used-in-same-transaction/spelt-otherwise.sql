CREATE TYPE mood AS ENUM ('ok');
CREATE TABLE people (id bigint PRIMARY KEY, mood mood NOT NULL DEFAULT 'ok');
CREATE INDEX people_mood_idx ON people (mood);
-- fixture:next-file
-- Labels in array literals and function bodies, used after statements
-- that change nothing about enums.
ALTER TYPE mood ADD VALUE 'sad';
DROP INDEX people_mood_idx;
SELECT * FROM people WHERE mood = ANY ('{ ok , sad }'::mood[]); -- want "value 'sad' .*casting it to \"mood\""
CREATE FUNCTION cheer() RETURNS void LANGUAGE sql AS 'UPDATE people SET mood = ''sad'''; -- want "value 'sad' .*in the body of function \"cheer\""
SELECT 'sadness', 'ok'::mood;
-- fixture:next-file
-- A label with a quote in it, written as it is and with an escape.
ALTER TYPE mood ADD VALUE 'it''s fine';
UPDATE people SET mood = 'it''s fine' WHERE id = 1; -- want "writing it to column \"mood\""
UPDATE people SET mood = E'it\'s fine' WHERE id = 2; -- want "writing it to column \"mood\""
UPDATE people SET mood = 'ok' WHERE id = 3;
