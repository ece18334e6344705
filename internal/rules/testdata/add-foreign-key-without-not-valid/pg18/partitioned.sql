CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE events (id bigint, user_id bigint, at date) PARTITION BY RANGE (at);
-- fixture:next-file
-- PostgreSQL 18 accepts NOT VALID on a partitioned table: the usual advice holds.
ALTER TABLE events ADD CONSTRAINT events_user_fk FOREIGN KEY (user_id) REFERENCES users; -- want "add-foreign-key-without-not-valid: .*\"events_user_fk\" to \"events\".*until the check ends$"
ALTER TABLE events ADD CONSTRAINT events_user_fk2 FOREIGN KEY (user_id) REFERENCES users NOT VALID;
