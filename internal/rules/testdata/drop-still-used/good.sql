-- The code no longer uses what is dropped, or uses a column of the same
-- name on another table only.
-- fixture:uses users.email app/models.go:12 gorm model User field Email
-- fixture:uses accounts.nickname app/models.go:30 gorm model Account field Nickname
-- fixture:uses scratch app/jobs.go:5 query "SELECT id FROM scratch"
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nickname text);
CREATE TABLE accounts (id bigint PRIMARY KEY, nickname text);
-- fixture:next-file
ALTER TABLE users DROP COLUMN nickname;

-- A table created and dropped in the same migration is not used by any
-- running code.
CREATE TABLE scratch (id int);
DROP TABLE scratch;

-- The team knows better.
-- migguard:ignore drop-still-used the job reading it is switched off in this release
ALTER TABLE accounts DROP COLUMN nickname;
