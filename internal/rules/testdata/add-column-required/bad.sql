CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE accounts (id bigint PRIMARY KEY);
-- fixture:next-file
-- Existing rows would hold NULL in the new column, so these fail on a non-empty table.
ALTER TABLE users ADD COLUMN plan text NOT NULL; -- want "add-column-required: adding column \"plan\" to \"users\" as NOT NULL without a default fails as soon as the table has a row"

ALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT NULL; -- want "add-column-required: .*\"tier\""

ALTER TABLE public.users
    ADD COLUMN nickname text,
    ADD COLUMN country char(2) NOT NULL REFERENCES countries (code); -- want "add-column-required: .*\"country\" to \"users\""

ALTER TABLE accounts ADD COLUMN uid uuid PRIMARY KEY; -- want "add-column-required: .*\"uid\" to \"accounts\" as PRIMARY KEY \(which implies NOT NULL\)"
