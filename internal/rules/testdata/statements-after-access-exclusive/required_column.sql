-- A NOT NULL column added without a value fails as soon as the table has a row: after it the table is empty until the commit.
CREATE TABLE posts (id bigint PRIMARY KEY, title text NOT NULL);
CREATE TABLE tags (id bigint PRIMARY KEY, name text);
-- fixture:next-file
-- As prisma migrate dev writes it: the index is built on an empty table.
SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN slug text NOT NULL;
CREATE UNIQUE INDEX posts_slug_key ON posts (slug);
UPDATE posts SET title = lower(title);
-- fixture:next-file
-- With a default, or IF NOT EXISTS (the column may be there already), or in a DO block (it may not run), the table may hold rows.
SET lock_timeout = '2s';
ALTER TABLE posts ADD COLUMN IF NOT EXISTS slug text NOT NULL;
CREATE INDEX posts_title_idx ON posts (title); -- want "statements-after-access-exclusive: CREATE INDEX on \"posts\" builds index \"posts_title_idx\" while the transaction holds ACCESS EXCLUSIVE on \"posts\" since line 13"
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE tags ADD COLUMN color text NOT NULL DEFAULT 'grey';
UPDATE tags SET name = lower(name); -- want "statements-after-access-exclusive: UPDATE \"tags\" updates every row while the transaction holds ACCESS EXCLUSIVE on \"tags\" since line 17"
-- fixture:next-file
SET lock_timeout = '2s';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'tags' AND column_name = 'slug') THEN
        ALTER TABLE tags ADD COLUMN slug text NOT NULL;
    END IF;
END $$;
CREATE INDEX tags_name_idx ON tags (name); -- want "statements-after-access-exclusive: CREATE INDEX on \"tags\" builds index \"tags_name_idx\" while the transaction holds ACCESS EXCLUSIVE on \"tags\""
