-- What the bad fixture of set-logged-unlogged takes to exist.
CREATE SCHEMA audit;
CREATE UNLOGGED TABLE events (id bigint);
CREATE TABLE audit.page_views (id bigint);
