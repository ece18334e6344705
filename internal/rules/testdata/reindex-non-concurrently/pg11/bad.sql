-- PostgreSQL 11 has no REINDEX CONCURRENTLY: the finding says to build a replacement instead.
REINDEX INDEX users_email_idx; -- want "reindex-non-concurrently: .*PostgreSQL 11.0 has no REINDEX CONCURRENTLY: build a replacement with CREATE INDEX CONCURRENTLY"
