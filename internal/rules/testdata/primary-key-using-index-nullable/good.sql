CREATE TABLE events (id bigint NOT NULL, name text);
CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);
CREATE TABLE users (id bigint, email text);
CREATE UNIQUE INDEX CONCURRENTLY users_id_idx ON users (id);
-- fixture:next-file
-- The key column is NOT NULL already: the constraint only takes a brief lock.
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;

-- A validated CHECK (id IS NOT NULL) lets PostgreSQL 12 and later skip the scan.
ALTER TABLE users ADD CONSTRAINT users_id_nn CHECK (id IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_id_nn;
-- fixture:next-file
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;
-- fixture:next-file
-- A table created in the same migration is empty.
CREATE TABLE visits (id bigint);
CREATE UNIQUE INDEX visits_id_idx ON visits (id);
ALTER TABLE visits ADD PRIMARY KEY USING INDEX visits_id_idx;
