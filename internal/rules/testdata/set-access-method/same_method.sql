-- SET ACCESS METHOD to the method the table already uses changes nothing (PostgreSQL 15 keeps its relfilenode); to another, it rewrites.
CREATE TABLE events (id bigint, payload jsonb);
CREATE TABLE archive (id bigint) USING columnar;
-- fixture:next-file
ALTER TABLE events SET ACCESS METHOD heap;
ALTER TABLE archive SET ACCESS METHOD columnar;
ALTER TABLE archive SET ACCESS METHOD heap; -- want "set-access-method: SET ACCESS METHOD \"heap\" rewrites \"archive\" under ACCESS EXCLUSIVE"
-- fixture:next-file
ALTER TABLE archive SET ACCESS METHOD heap;
ALTER TABLE events SET ACCESS METHOD columnar; -- want "set-access-method: SET ACCESS METHOD \"columnar\" rewrites \"events\""
