-- What the bad fixture of disable-autovacuum takes to exist.
CREATE SCHEMA audit;
CREATE TABLE events (id bigint);
CREATE TABLE audit.log (id bigint, body text);
CREATE TABLE views (id bigint, at timestamptz);
CREATE TABLE sessions (id bigint, data text);
