-- A TRUNCATE earlier in the same transaction leaves no row to hold NULL; a
-- later INSERT, or another transaction, does.
CREATE TABLE places (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint PRIMARY KEY);
CREATE TABLE tags (id bigint PRIMARY KEY);
-- fixture:next-file
BEGIN;
TRUNCATE places;
ALTER TABLE places ADD COLUMN source text NOT NULL;
TRUNCATE events;
INSERT INTO events (id) VALUES (1);
ALTER TABLE events ADD COLUMN kind text NOT NULL; -- want "add-column-required: .*\"kind\" to \"events\""
TRUNCATE tags;
COMMIT;
BEGIN;
ALTER TABLE tags ADD COLUMN label text NOT NULL; -- want "add-column-required: .*\"label\" to \"tags\""
COMMIT;
