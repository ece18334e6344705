-- fixture:pg 19
-- PostgreSQL 19's REPACK, on a PostgreSQL 19 target, is not analysed and does not fail the run.
REPACK (CONCURRENTLY) users; -- want "newer-syntax-not-analysed: statement not analysed: it uses REPACK, PostgreSQL 19 syntax"
ALTER TABLE users ADD COLUMN IF NOT EXISTS note text;
