-- A NOT NULL column added without a value fails as soon as the table has a row: the UPDATE after it touches no row another session wrote.
CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL);
-- fixture:next-file
ALTER TABLE posts ADD COLUMN slug text NOT NULL;
UPDATE posts SET title = lower(title);
-- fixture:next-file
-- Committed: the table may hold rows again.
UPDATE posts SET title = upper(title); -- want "unbatched-data-change: UPDATE of \"posts\" has no WHERE"
