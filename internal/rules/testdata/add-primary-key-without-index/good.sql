CREATE TABLE events (id bigint NOT NULL, payload jsonb);
-- fixture:next-file
-- migguard:tx none
-- The safe recipe: build a unique index concurrently, outside a transaction...
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_id_idx ON events (id);
-- fixture:next-file
-- ...then make it the primary key (a brief lock; the column is NOT NULL already).
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;
-- fixture:next-file
-- A table created in the same migration is empty.
CREATE TABLE sessions (id uuid, user_id bigint);
ALTER TABLE sessions ADD PRIMARY KEY (id);

CREATE TABLE labels (name text);
ALTER TABLE labels ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;

-- So is a temporary table.
CREATE TEMP TABLE scratch (k int);
ALTER TABLE scratch ADD PRIMARY KEY (k);
