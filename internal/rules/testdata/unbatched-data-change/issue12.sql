-- A copy of an existing table in one statement runs as long as an INSERT … SELECT of its rows.
CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id bigint);
-- fixture:next-file
CREATE TABLE users_backup AS SELECT * FROM users; -- want "unbatched-data-change: CREATE TABLE \"users_backup\" AS SELECT copies every row of \"users\" in one statement, with no bound on how many: it runs as long as the table is large, and holds its locks until the migration's transaction commits"
SELECT * INTO users_2020 FROM users WHERE org_id IS NOT NULL; -- want "unbatched-data-change: SELECT … INTO \"users_2020\" copies every matching row of \"users\""
CREATE MATERIALIZED VIEW org_sizes AS SELECT org_id, count(*) AS n FROM users GROUP BY org_id; -- want "unbatched-data-change: CREATE MATERIALIZED VIEW \"org_sizes\" AS SELECT reads every row of \"users\""
-- Bounded, empty, temporary and new-table copies.
CREATE TABLE one_user AS SELECT * FROM users WHERE id = 1;
CREATE TABLE users_shape AS SELECT * FROM users WITH NO DATA;
CREATE TEMP TABLE scratch AS SELECT * FROM users;
CREATE TABLE staging (id bigint);
CREATE TABLE staging_copy AS SELECT * FROM staging;
CREATE TABLE users_sample AS SELECT * FROM users LIMIT 100;
