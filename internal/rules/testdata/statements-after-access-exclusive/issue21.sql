-- Reads and copies of existing tables are slow while ACCESS EXCLUSIVE is held.
SET lock_timeout = '2s';
ALTER TABLE authors ADD COLUMN email text;
SELECT count(*) FROM authors; -- want "statements-after-access-exclusive: SELECT reads every row of \"authors\" while the transaction holds ACCESS EXCLUSIVE on \"authors\" since line 3"
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE authors ADD COLUMN phone text;
CREATE TABLE books_copy AS SELECT * FROM books; -- want "statements-after-access-exclusive: CREATE TABLE \"books_copy\" AS SELECT copies every row of \"books\" while"
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE authors ADD COLUMN site text;
SELECT * INTO books_2020 FROM books WHERE published > '2020-01-01'; -- want "statements-after-access-exclusive: SELECT … INTO \"books_2020\" copies every matching row of \"books\""
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE authors ADD COLUMN country text;
CREATE MATERIALIZED VIEW author_counts AS SELECT author_id, count(*) FROM books GROUP BY author_id; -- want "statements-after-access-exclusive: CREATE MATERIALIZED VIEW \"author_counts\" AS SELECT reads every row of \"books\""
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE authors ADD COLUMN city text;
INSERT INTO books_archive SELECT * FROM books WHERE published < '2000-01-01'; -- want "statements-after-access-exclusive: INSERT INTO \"books_archive\" … SELECT may copy every row of \"books\""
-- fixture:next-file

-- Bounded reads, empty copies, new tables and set_config are quick.
SELECT name FROM authors WHERE id = 42;
SELECT id FROM books ORDER BY id LIMIT 10;
SELECT * FROM books b JOIN authors a ON a.id = b.author_id WHERE b.id = $1;
CREATE TABLE books_shape AS SELECT * FROM books WITH NO DATA;
CREATE TABLE staging (id bigint);
INSERT INTO books_archive SELECT * FROM staging;
SELECT set_config('statement_timeout', '5s', true);
SELECT 1;
-- fixture:next-file
-- migguard:tx none
-- Outside a transaction nothing is held between statements.
ALTER TABLE authors ADD COLUMN bio text;
SELECT count(*) FROM authors;
