-- +migrate Up
-- +migrate StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'view_count') THEN
        ALTER TABLE posts ADD COLUMN view_count BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX posts_view_count_idx ON posts (view_count DESC);
    END IF;
END
$$;
-- +migrate StatementEnd

-- +migrate Down
ALTER TABLE posts DROP COLUMN IF EXISTS view_count;
