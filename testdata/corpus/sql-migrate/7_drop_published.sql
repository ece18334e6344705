-- +migrate Up
ALTER TABLE posts ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'draft';
UPDATE posts SET status = 'published' WHERE published;
ALTER TABLE posts DROP COLUMN published;

-- +migrate Down
ALTER TABLE posts ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE posts DROP COLUMN status;
