-- A copy of existing rows is not an empty new table: once its transaction commits, an index on it blocks its writes while every copied row is read.
CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id bigint);
-- fixture:next-file
-- migguard:tx none
CREATE TABLE users_copy AS SELECT * FROM users;
CREATE INDEX users_copy_email_idx ON users_copy (email); -- want "create-index-non-concurrently: creating index \"users_copy_email_idx\" on \"users_copy\" without CONCURRENTLY blocks writes to the table while it builds: \"users_copy\" holds the rows copied into it on line 5, it is not an empty new table"
SELECT id, email INTO users_emails FROM users;
CREATE INDEX ON users_emails (email); -- want "create-index-non-concurrently: creating index \(unnamed\) on \"users_emails\" .*copied into it on line 7"
CREATE MATERIALIZED VIEW org_sizes AS SELECT org_id, count(*) AS n FROM users GROUP BY org_id;
CREATE UNIQUE INDEX org_sizes_org_idx ON org_sizes (org_id); -- want "create-index-non-concurrently: .*\"org_sizes\" holds the rows copied into it on line 9"
-- Empty copies, copies of new tables and temporary copies are new and empty.
CREATE TABLE users_shape AS SELECT * FROM users WITH NO DATA;
CREATE INDEX users_shape_email_idx ON users_shape (email);
CREATE MATERIALIZED VIEW org_sizes_later AS SELECT org_id, count(*) AS n FROM users GROUP BY org_id WITH NO DATA;
CREATE INDEX org_sizes_later_idx ON org_sizes_later (org_id);
CREATE TABLE staging (id bigint, email text);
CREATE TABLE staging_copy AS SELECT * FROM staging;
CREATE INDEX staging_copy_idx ON staging_copy (email);
CREATE TEMP TABLE scratch AS SELECT * FROM users;
CREATE INDEX scratch_idx ON scratch (email);
-- fixture:next-file
-- Inside the transaction that made it, no other session sees the copy: the build blocks nobody.
CREATE TABLE users_v2 AS SELECT * FROM users;
CREATE INDEX users_v2_email_idx ON users_v2 (email);
