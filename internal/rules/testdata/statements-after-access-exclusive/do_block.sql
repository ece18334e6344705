-- A DO block runs as one transaction: what it locks stays locked until its end.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- fixture:next-file
-- migguard:tx none
SET lock_timeout = '2s';
DO $$
BEGIN
  ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text;
  UPDATE users SET locale = 'en'; -- want "statements-after-access-exclusive: UPDATE \"users\" updates every row while the transaction holds ACCESS EXCLUSIVE on \"users\" since line 9"
END
$$;
UPDATE orders SET user_id = 0;
