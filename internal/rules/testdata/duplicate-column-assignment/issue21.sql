-- MERGE actions, view and query column names, foreign tables and SELECT INTO name each column once.
MERGE INTO accounts a USING staged s ON a.id = s.id
WHEN MATCHED THEN UPDATE SET balance = s.balance, balance = 0 -- want "duplicate-column-assignment: column \"balance\" is assigned twice in MERGE INTO \"accounts\" … UPDATE SET: PostgreSQL rejects it"
WHEN NOT MATCHED THEN INSERT (id, id) VALUES (s.id, s.id); -- want "duplicate-column-assignment: column \"id\" is listed twice in MERGE INTO \"accounts\" … INSERT"

CREATE VIEW account_pairs (id, id) AS SELECT a.id, b.id FROM accounts a, accounts b; -- want "duplicate-column-assignment: column \"id\" is named twice in the column list of view \"account_pairs\""

CREATE VIEW balances AS SELECT id, balance, total AS balance FROM accounts; -- want "duplicate-column-assignment: column \"balance\" is named twice in the output of view \"balances\""

CREATE MATERIALIZED VIEW pairs AS SELECT a.id, b.id FROM accounts a JOIN accounts b ON a.id = b.parent_id; -- want "duplicate-column-assignment: column \"id\" is named twice in the output of materialized view \"pairs\""

CREATE TABLE snapshot (x, x) AS SELECT id, balance FROM accounts; -- want "duplicate-column-assignment: column \"x\" is named twice in the column list of table \"snapshot\""

SELECT id, balance AS id INTO backup FROM accounts; -- want "duplicate-column-assignment: column \"id\" is named twice in the output of table \"backup\" made by SELECT … INTO"

CREATE FOREIGN TABLE remote_accounts (
    id bigint,
    id text -- want "duplicate-column-assignment: column \"id\" is defined twice in CREATE FOREIGN TABLE \"remote_accounts\""
) SERVER remote;

-- Without aliases, the names PostgreSQL gives the output columns count.
CREATE VIEW constants AS SELECT 1, 2; -- want "duplicate-column-assignment: column \"\?column\?\" is named twice in the output of view \"constants\""
CREATE VIEW counts AS SELECT count(*), count(balance) FROM accounts; -- want "duplicate-column-assignment: column \"count\" is named twice"
CREATE TABLE casts AS SELECT 1::int, 2::int; -- want "duplicate-column-assignment: column \"int4\" is named twice"
