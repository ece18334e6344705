/* keep a copy of the rows this migration rewrites */
CREATE TABLE execution_backup AS SELECT * FROM execution;
CREATE INDEX idx_execution_backup_id ON execution_backup (id);

/* repair the status of executions whose tasks all succeeded */
DO $$
DECLARE
    exec RECORD;
    status_count int;
    final_status varchar(32);
BEGIN
    FOR exec IN SELECT * FROM execution WHERE status = 'Running'
    LOOP
        SELECT count(DISTINCT status), max(status) INTO status_count, final_status FROM task WHERE execution_id = exec.id;
        IF status_count = 1 AND final_status = 'Success' THEN
            UPDATE execution SET status = 'Success', revision = revision + 1 WHERE id = exec.id;
        END IF;
    END LOOP;
    EXECUTE 'ALTER TABLE execution ADD COLUMN IF NOT EXISTS update_time timestamptz DEFAULT CURRENT_TIMESTAMP';
END $$;

CREATE INDEX IF NOT EXISTS idx_task_execution_id ON task (execution_id);
