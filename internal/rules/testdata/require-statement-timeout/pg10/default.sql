-- Before PostgreSQL 11 a column default rewrites the table.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true; -- want "require-statement-timeout: ALTER TABLE \"users\" adds column \"active\" with a default that rewrites the table with no statement_timeout"
