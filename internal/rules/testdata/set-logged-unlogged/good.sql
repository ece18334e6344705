-- Persistence chosen at creation, or changed on a table created in the same migration, is fine.
CREATE UNLOGGED TABLE events_load (id bigint, payload jsonb);
INSERT INTO events_load VALUES (1, '{}');
ALTER TABLE events_load SET LOGGED;

CREATE TABLE import_batches (id bigint PRIMARY KEY);
ALTER TABLE import_batches SET UNLOGGED;

ALTER TABLE events SET (fillfactor = 90);
