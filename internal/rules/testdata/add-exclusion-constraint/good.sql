-- An exclusion constraint written when the table is created costs nothing.
CREATE TABLE bookings (
    id bigint PRIMARY KEY,
    room int,
    during tstzrange,
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)
);

-- Nor does one added to a table created earlier in the same migration.
CREATE TABLE rentals (id bigint PRIMARY KEY, bike int, period tstzrange);
ALTER TABLE rentals ADD CONSTRAINT rentals_no_overlap EXCLUDE USING gist (bike WITH =, period WITH &&);

-- Or to a temporary table.
CREATE TEMP TABLE scratch (r int4range);
ALTER TABLE scratch ADD EXCLUDE USING gist (r WITH &&);
-- fixture:next-file
-- Dropping one is another matter (drop-constraint).
ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
