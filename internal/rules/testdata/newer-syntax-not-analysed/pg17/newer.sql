-- PostgreSQL 17 syntax on a PostgreSQL 17 target.
ALTER TABLE orders ALTER COLUMN total SET EXPRESSION AS (price * qty); -- want "newer-syntax-not-analysed: .*SET EXPRESSION"
MERGE INTO accounts a USING staged s ON a.id = s.id WHEN MATCHED THEN UPDATE SET balance = s.balance RETURNING a.id; -- want "newer-syntax-not-analysed: .*MERGE … RETURNING"
CREATE VIEW items AS SELECT * FROM JSON_TABLE(doc, '$.items[*]' COLUMNS (id int PATH '$.id')) AS jt; -- want "newer-syntax-not-analysed: .*JSON_TABLE"
-- REPACK is PostgreSQL 19's: on 17 it stays a syntax error (syntax-error/pg17/newer.sql).
REPACK users;
