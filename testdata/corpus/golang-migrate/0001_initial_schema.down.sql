DROP TABLE IF EXISTS task, execution, audit_log, artifact, repository, project;
