-- The first blocking long-running operation on an existing table with no statement_timeout is reported, once per file.
CREATE TABLE audit_log (id bigint PRIMARY KEY, at timestamptz NOT NULL);
CREATE INDEX audit_log_at_idx ON audit_log (at);
ALTER TABLE audit_log ALTER COLUMN at TYPE timestamp;
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD CONSTRAINT users_nickname_len CHECK (length(nickname) < 64) NOT VALID;
ALTER TABLE users ALTER COLUMN email TYPE citext; -- want "require-statement-timeout: ALTER TABLE \"users\" changes the type of column \"email\" with no statement_timeout: every query on \"users\" waits until it finishes"
CREATE INDEX orders_placed_idx ON orders (placed_at);
-- fixture:next-file
-- A plain index build blocks writes; each file is judged on its own.
SET lock_timeout = '2s';
CREATE INDEX orders_placed_idx ON orders (placed_at); -- want "require-statement-timeout: CREATE INDEX on \"orders\" builds index \"orders_placed_idx\" with no statement_timeout: writes to \"orders\" wait until it finishes"
-- fixture:next-file
SET lock_timeout = '2s';
UPDATE orders SET archived = false; -- want "require-statement-timeout: UPDATE \"orders\" updates every row with no statement_timeout: writes to \"orders\" wait"
-- fixture:next-file
SET lock_timeout = '2s';
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (balance >= 0); -- want "require-statement-timeout: ALTER TABLE \"accounts\" adds CHECK constraint \"accounts_balance_check\" without NOT VALID, which scans the table with no statement_timeout"
