-- Tuning autovacuum, turning it on, and turning it off only around a bulk load are fine.
ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
ALTER TABLE events SET (autovacuum_enabled = true);
ALTER TABLE events SET (autovacuum_enabled);
ALTER TABLE events RESET (autovacuum_enabled);
CREATE TABLE page_views (id bigint, url text) WITH (fillfactor = 90, autovacuum_enabled = on);

ALTER TABLE measurements SET (autovacuum_enabled = off);
INSERT INTO measurements SELECT * FROM measurements_import;
ALTER TABLE measurements SET (autovacuum_enabled = on);
ANALYZE measurements;
