CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- fixture:next-file
-- Before PostgreSQL 18 a partitioned table refuses NOT VALID foreign keys:
-- the message says how to get there through the partitions.
ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users; -- want "add-foreign-key-without-not-valid: .*\"events_user_fk\" to \"events\".*; before PostgreSQL 18 a partitioned table does not accept NOT VALID: add the key NOT VALID to each partition"

-- The per-partition recipe itself is fine.
ALTER TABLE events_2024 ADD CONSTRAINT events_2024_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
