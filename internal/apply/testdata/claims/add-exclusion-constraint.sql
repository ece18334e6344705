-- What the bad fixture of add-exclusion-constraint takes to exist.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA fleet;
CREATE TABLE fleet.reservations (id bigint PRIMARY KEY, car_id int, period tstzrange);
