-- A NOT NULL column added without a value fails as soon as the table has a row: after it, in the same transaction, work on the table is quick.
CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL);
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN slug text NOT NULL;
CREATE UNIQUE INDEX posts_slug_key ON posts (slug);
-- fixture:next-file
-- In a later transaction the table may hold rows again.
SET lock_timeout = '2s';
CREATE INDEX posts_title_idx ON posts (title); -- want "require-statement-timeout: CREATE INDEX on \"posts\" builds index \"posts_title_idx\" with no statement_timeout"
