CREATE MATERIALIZED VIEW IF NOT EXISTS artifact_stats AS
    SELECT project_id, count(*) AS artifact_count, sum(size) AS total_size FROM artifact GROUP BY project_id;
CREATE UNIQUE INDEX IF NOT EXISTS idx_artifact_stats_project ON artifact_stats (project_id);
