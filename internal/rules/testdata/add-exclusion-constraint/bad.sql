-- A table an earlier migration created.
CREATE TABLE bookings (id bigint PRIMARY KEY, room int, during tstzrange);
-- fixture:next-file
-- The index is built and every row checked under ACCESS EXCLUSIVE, with no
-- NOT VALID or USING INDEX way around it.
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap -- want "add-exclusion-constraint: adding exclusion constraint \"bookings_no_overlap\" to \"bookings\" builds its index and checks every row under ACCESS EXCLUSIVE"
    EXCLUDE USING gist (room WITH =, during WITH &&);

-- Unnamed and partial.
ALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&) WHERE (room = 0); -- want "add-exclusion-constraint: adding an exclusion constraint to \"bookings\""
-- fixture:next-file
-- migguard:tx none
-- A table the migrations do not know is taken to exist already.
ALTER TABLE fleet.reservations ADD CONSTRAINT reservations_no_overlap -- want "add-exclusion-constraint: .*\"reservations_no_overlap\" to \"fleet.reservations\""
    EXCLUDE USING gist (car_id WITH =, period WITH &&);
