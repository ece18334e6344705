-- migguard:tx none
-- Concurrent rebuilds, REINDEX SYSTEM, and indexes or tables created in the same migration are fine.
REINDEX INDEX CONCURRENTLY users_email_idx;
REINDEX (CONCURRENTLY, VERBOSE) TABLE users;
REINDEX TABLE CONCURRENTLY app.accounts;
REINDEX SYSTEM shop;

CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz);
CREATE INDEX audit_at_idx ON audit (at);
REINDEX INDEX audit_at_idx;
REINDEX INDEX audit_pkey;
REINDEX TABLE audit;
