/* the view gains a column: drop it and create it again in the same transaction */
DROP MATERIALIZED VIEW IF EXISTS artifact_stats;
CREATE MATERIALIZED VIEW artifact_stats AS
    SELECT project_id, type, count(*) AS artifact_count, sum(size) AS total_size FROM artifact GROUP BY project_id, type;
CREATE UNIQUE INDEX idx_artifact_stats_project_type ON artifact_stats (project_id, type);
