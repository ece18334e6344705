-- A table created in the same migration is not written by anyone: locking it blocks no one.
CREATE TABLE post (id bigint PRIMARY KEY, title text);
-- fixture:next-file
CREATE TABLE language (id int PRIMARY KEY, code text NOT NULL);
ALTER TABLE post ADD COLUMN language_id int NOT NULL DEFAULT 1 REFERENCES language; -- want "add-column-inline-constraint: adding column \"language_id\" to \"post\" with inline REFERENCES \"language\": as the column gets a value it scans every row to validate the key while ACCESS EXCLUSIVE blocks every query on \"post\"$"
