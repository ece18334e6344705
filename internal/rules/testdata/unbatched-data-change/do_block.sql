-- In a DO block, a statement bounded by a variable of the block changes the rows of one value per run.
CREATE TABLE execution (id bigint PRIMARY KEY, status text, revision int);
CREATE TABLE task (id bigint PRIMARY KEY, execution_id bigint, status text);
-- fixture:next-file
DO $$
DECLARE
    exec RECORD;
BEGIN
    FOR exec IN SELECT * FROM execution WHERE status = 'Running'
    LOOP
        UPDATE execution SET status = 'Success', revision = revision + 1 WHERE id = exec.id;
    END LOOP;
    UPDATE task SET status = 'Stopped' WHERE status IS NULL; -- want "unbatched-data-change: UPDATE \"task\" selects its rows with no constant bound or LIMIT"
END $$;
