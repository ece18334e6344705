-- Choosing the access method when creating a table, or right after creating it, is fine.
CREATE TABLE events_v2 (id bigint, payload jsonb) USING columnar;

CREATE TABLE metrics (id bigint, at timestamptz);
ALTER TABLE metrics SET ACCESS METHOD columnar;

ALTER TABLE events SET TABLESPACE pg_default;
