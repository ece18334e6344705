-- Before PostgreSQL 12 a validated CHECK (id IS NOT NULL) does not spare the scan.
CREATE TABLE users (id bigint, email text);
CREATE UNIQUE INDEX CONCURRENTLY users_id_idx ON users (id);
ALTER TABLE users ADD CONSTRAINT users_id_nn CHECK (id IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_id_nn;
-- fixture:next-file
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx; -- want "primary-key-using-index-nullable: .*sets \(\"id\"\) NOT NULL"
