DROP INDEX CONCURRENTLY IF EXISTS idx_audit_log_project_id_optime;
