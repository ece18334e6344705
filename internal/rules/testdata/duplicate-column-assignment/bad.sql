-- Each column should be named once per statement.
UPDATE users SET plan = 'pro', email = lower(email), plan = 'free' WHERE id = 1; -- want "duplicate-column-assignment: column \"plan\" is assigned twice in the SET list of UPDATE \"users\": PostgreSQL rejects it"

UPDATE users SET (plan, tier) = ('pro', 2), tier = 3; -- want "duplicate-column-assignment: column \"tier\" is assigned twice"

UPDATE users SET tags[1] = 'a', tags = '{}'; -- want "duplicate-column-assignment: column \"tags\""

INSERT INTO users (id, email, email) VALUES (1, 'a@b', 'c@d'); -- want "duplicate-column-assignment: column \"email\" is listed twice in INSERT INTO \"users\""

INSERT INTO users (id, plan) VALUES (1, 'pro')
ON CONFLICT (id) DO UPDATE SET plan = EXCLUDED.plan, plan = 'free'; -- want "duplicate-column-assignment: column \"plan\" is assigned twice in ON CONFLICT DO UPDATE of \"users\""

CREATE TABLE teams (
    id bigint PRIMARY KEY,
    name text,
    name varchar(50) -- want "duplicate-column-assignment: column \"name\" is defined twice in CREATE TABLE \"teams\""
);

ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'pro', ALTER COLUMN plan SET DEFAULT 'free'; -- want "duplicate-column-assignment: ALTER TABLE \"users\" sets or drops the default of column \"plan\" twice: only the last one takes effect"

ALTER TABLE users ALTER COLUMN id TYPE bigint, ALTER COLUMN id TYPE numeric; -- want "duplicate-column-assignment: ALTER TABLE \"users\" changes the type of column \"id\" twice: PostgreSQL rejects the statement"

ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN nickname varchar(20); -- want "duplicate-column-assignment: ALTER TABLE \"users\" adds column \"nickname\" twice: PostgreSQL rejects"

WITH moved AS (UPDATE users SET plan = 'a', plan = 'b' RETURNING id) SELECT count(*) FROM moved; -- want "duplicate-column-assignment: column \"plan\""

ALTER TABLE users DROP COLUMN IF EXISTS legacy, DROP COLUMN IF EXISTS legacy; -- want "duplicate-column-assignment: ALTER TABLE \"users\" drops column \"legacy\" twice: the second one does nothing"
