CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint);
-- fixture:next-file
TRUNCATE sessions; -- want "truncate-table: TRUNCATE \"sessions\" deletes every row of it and blocks every query on it"

TRUNCATE TABLE users CASCADE; -- want "truncate-table: TRUNCATE \"users\" CASCADE deletes every row of it and of every table whose foreign keys reference it \(\"orders\"\)"

-- Every table of the list; tables the migrations do not know too.
TRUNCATE ONLY orders, audit.log RESTART IDENTITY; -- want "truncate-table: TRUNCATE \"orders\"" "truncate-table: TRUNCATE \"audit.log\""
