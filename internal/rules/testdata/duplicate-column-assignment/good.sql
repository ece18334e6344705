-- Different columns, and different elements or fields of one column, are fine.
UPDATE users SET plan = 'pro', email = lower(email) WHERE id = 1;
UPDATE users SET tags[1] = 'a', tags[2] = 'b';
UPDATE users SET address.city = 'Oslo', address.zip = '0150';
UPDATE users SET (plan, tier) = ('pro', 2) WHERE id = 1;
INSERT INTO users (id, email) VALUES (1, 'a@b') ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email;
CREATE TABLE teams (id bigint PRIMARY KEY, name text, CONSTRAINT teams_name_check CHECK (name <> ''));

-- Different kinds of change to one column in one ALTER TABLE.
ALTER TABLE users
    ALTER COLUMN plan TYPE varchar(20),
    ALTER COLUMN plan SET DEFAULT 'free',
    ALTER COLUMN plan SET NOT NULL;
ALTER TABLE users ADD COLUMN a int, ADD COLUMN b int, DROP COLUMN IF EXISTS c;

-- The same column in separate statements.
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'pro';
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';

-- MERGE, views and query columns with each name once.
MERGE INTO accounts a USING staged s ON a.id = s.id
WHEN MATCHED THEN UPDATE SET balance = s.balance
WHEN NOT MATCHED THEN INSERT (id, balance) VALUES (s.id, s.balance);
CREATE VIEW account_pairs (left_id, right_id) AS SELECT a.id, b.id FROM accounts a, accounts b;
CREATE VIEW totals AS SELECT id, count(*), sum(balance) FROM accounts GROUP BY id;
CREATE TABLE snapshot AS SELECT id, balance FROM accounts;
SELECT id, balance INTO backup FROM accounts;
SELECT a.id, b.id FROM accounts a, accounts b;
CREATE VIEW unioned AS SELECT id FROM accounts UNION ALL SELECT id FROM archived_accounts;
CREATE VIEW texts AS SELECT id::text, balance::text, lower(name), upper(name) FROM accounts;
