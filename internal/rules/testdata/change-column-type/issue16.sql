-- text and varchar to citext and back keep the rows (the casts are binary) but rebuild the indexes on the column, whose operator class changes.
CREATE TABLE users (id bigint PRIMARY KEY, email text, name varchar, nick citext);
CREATE INDEX users_email_idx ON users (email);
-- fixture:next-file
ALTER TABLE users ALTER COLUMN email TYPE citext; -- want "change-column-type: changing column \"email\" of \"users\" from text to citext keeps its values, but rebuilds every index on the column under ACCESS EXCLUSIVE"
ALTER TABLE users ALTER COLUMN name TYPE citext;
ALTER TABLE users ALTER COLUMN nick TYPE varchar;
ALTER TABLE users ALTER COLUMN id TYPE citext USING id::text; -- want "change-column-type: .*\"id\".*with USING converts every value"
