DROP INDEX IF EXISTS idx_artifact_repository_id;
