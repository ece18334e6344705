-- PostgreSQL 18 syntax on a PostgreSQL 18 target.
ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) VIRTUAL; -- want "newer-syntax-not-analysed: .*a virtual generated column"
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0) NOT ENFORCED; -- want "newer-syntax-not-analysed: .*NOT ENFORCED"
ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email NOT VALID; -- want "newer-syntax-not-analysed: .*NOT NULL … NOT VALID"
-- A plain mistake is still a syntax error (syntax-error/pg17/newer.sql).
ALTER TABLE users ADD COLUMN;
-- PostgreSQL 18 makes a generated column virtual by default.
ALTER TABLE users ADD COLUMN email_domain text GENERATED ALWAYS AS (split_part(email, '@', 2)); -- want "newer-syntax-not-analysed: .*a virtual generated column"
