/* every time column becomes timestamptz; the database runs in UTC (timezone: UTC in .migguard.yaml) */
ALTER TABLE project ALTER COLUMN creation_time TYPE timestamptz;
ALTER TABLE project ALTER COLUMN update_time TYPE timestamptz;
ALTER TABLE repository ALTER COLUMN creation_time TYPE timestamptz;
ALTER TABLE repository ALTER COLUMN update_time TYPE timestamptz;
ALTER TABLE artifact ALTER COLUMN push_time TYPE timestamptz;
ALTER TABLE artifact ALTER COLUMN pull_time TYPE timestamptz;
ALTER TABLE audit_log ALTER COLUMN op_time TYPE timestamptz;
ALTER TABLE execution ALTER COLUMN start_time TYPE timestamptz;
ALTER TABLE execution ALTER COLUMN end_time TYPE timestamptz;
ALTER TABLE task ALTER COLUMN creation_time TYPE timestamptz;
ALTER TABLE task ALTER COLUMN start_time TYPE timestamptz;
ALTER TABLE task ALTER COLUMN end_time TYPE timestamptz;
ALTER TABLE robot ALTER COLUMN creation_time TYPE timestamptz;
ALTER TABLE robot ALTER COLUMN update_time TYPE timestamptz;
