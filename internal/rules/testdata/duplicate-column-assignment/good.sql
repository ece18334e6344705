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
