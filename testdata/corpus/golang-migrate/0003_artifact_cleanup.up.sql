/* the push and pull times are read through the new composite index */
DROP INDEX IF EXISTS idx_artifact_push_time;
DROP INDEX IF EXISTS idx_artifact_pull_time;
CREATE INDEX IF NOT EXISTS idx_artifact_repository_id ON artifact (repository_id, push_time);

/* remove the rows that refer to deleted repositories */
DELETE FROM artifact art WHERE NOT EXISTS (SELECT 1 FROM repository r WHERE r.repository_id = art.repository_id);

ALTER TABLE artifact ALTER COLUMN repository_id SET NOT NULL;
ALTER TABLE artifact ALTER COLUMN id SET NOT NULL;
