-- Tables an earlier migration created, with unique indexes built beforehand.
CREATE TABLE events (id bigint, name text);
CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);
CREATE TABLE tags (org bigint NOT NULL, slug text);
CREATE UNIQUE INDEX tags_key ON tags (org, slug);
-- fixture:next-file
-- id is nullable: PostgreSQL sets it NOT NULL, scanning the table under ACCESS EXCLUSIVE.
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx; -- want "primary-key-using-index-nullable: adding primary key \"events_pkey\" to \"events\" using index \"events_id_idx\" sets \(\"id\"\) NOT NULL: it scans the whole table under ACCESS EXCLUSIVE"

-- Only the nullable key columns are named.
ALTER TABLE tags ADD PRIMARY KEY USING INDEX tags_key; -- want "primary-key-using-index-nullable: adding a primary key to \"tags\" using index \"tags_key\" sets \(\"slug\"\) NOT NULL"
-- fixture:next-file
-- An index the migrations do not define is taken to be on nullable columns.
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_pkey PRIMARY KEY USING INDEX invoices_id_idx; -- want "primary-key-using-index-nullable: .*using index \"invoices_id_idx\", which the migrations do not define, sets its columns NOT NULL unless they already are"
