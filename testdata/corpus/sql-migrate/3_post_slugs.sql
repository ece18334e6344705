-- +migrate Up
ALTER TABLE posts ADD COLUMN slug VARCHAR(255);
UPDATE posts SET slug = lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'));
ALTER TABLE posts ALTER COLUMN slug SET NOT NULL;
CREATE UNIQUE INDEX posts_slug_idx ON posts (slug);

-- +migrate Down
DROP INDEX IF EXISTS posts_slug_idx;
ALTER TABLE posts DROP COLUMN slug;
