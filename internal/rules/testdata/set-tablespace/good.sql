-- New relations can be placed in any tablespace; other ALTERs are not this rule's concern.
CREATE TABLE events_2026 (id bigint, at timestamptz) TABLESPACE archive;
CREATE INDEX CONCURRENTLY IF NOT EXISTS events_at_idx ON events (at) TABLESPACE fast_ssd;

CREATE TABLE scratch (id int);
ALTER TABLE scratch SET TABLESPACE fast_ssd;

ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.05);
ALTER DATABASE app SET default_tablespace = 'fast_ssd';
