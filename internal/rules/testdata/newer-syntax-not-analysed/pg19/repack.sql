-- PostgreSQL 19's REPACK is not analysed, and does not fail the run; the rest of the file is linted.
REPACK (CONCURRENTLY) users; -- want "newer-syntax-not-analysed: statement not analysed: it uses REPACK, PostgreSQL 19 syntax that migguard's parser \(the PostgreSQL 16 grammar\) does not read"
REPACK users USING INDEX users_pkey; -- want "newer-syntax-not-analysed: .*REPACK"
ALTER TABLE users ALTER COLUMN total SET EXPRESSION AS (price * qty); -- want "newer-syntax-not-analysed: .*ALTER COLUMN … SET EXPRESSION, PostgreSQL 17 syntax"
