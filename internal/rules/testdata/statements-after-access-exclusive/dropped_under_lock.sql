CREATE TABLE audit_log (id bigint PRIMARY KEY, note text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- fixture:next-file
-- The statement that takes the lock drops the table: nothing queries it once the transaction commits.
DROP TABLE audit_log;
UPDATE orders SET user_id = 0;
-- fixture:next-file
CREATE TABLE audit_log (id bigint PRIMARY KEY, note text);
-- fixture:next-file
-- A view takes the dropped table's name back: its readers wait for the transaction.
DROP TABLE audit_log;
CREATE VIEW audit_log AS SELECT id, user_id AS note FROM orders;
UPDATE orders SET user_id = 0; -- want "statements-after-access-exclusive: UPDATE \"orders\" updates every row while the transaction holds ACCESS EXCLUSIVE on \"audit_log\" since line 11"
