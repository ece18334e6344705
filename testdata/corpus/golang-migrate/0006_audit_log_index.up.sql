CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_audit_log_project_id_optime ON audit_log (project_id, op_time);
