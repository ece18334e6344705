-- Tables an earlier migration created.
CREATE TABLE events (id bigint NOT NULL, payload jsonb);
CREATE TABLE audit (id bigint, at timestamptz);
CREATE TABLE tags (name text);
-- fixture:next-file
-- The index is built under ACCESS EXCLUSIVE.
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id); -- want "add-primary-key-without-index: adding primary key \"events_pkey\" \(\"id\"\) to \"events\" builds its index under ACCESS EXCLUSIVE: every query on \"events\" waits until it is done$"

-- A nullable key column is first scanned to set it NOT NULL.
ALTER TABLE audit
    ADD PRIMARY KEY (id, at); -- want "add-primary-key-without-index: adding a primary key \(\"id\", \"at\"\) to \"audit\" builds its index under ACCESS EXCLUSIVE after scanning the table to set \(\"id\", \"at\"\) NOT NULL"

-- Written on a new column.
ALTER TABLE tags ADD COLUMN id bigserial PRIMARY KEY; -- want "add-primary-key-without-index: adding column \"id\" with PRIMARY KEY to \"tags\" builds a unique index under ACCESS EXCLUSIVE"
-- fixture:next-file
-- migguard:tx none
-- A table the migrations do not know is taken to exist already.
ALTER TABLE ledger.entries ADD PRIMARY KEY (entry_id); -- want "add-primary-key-without-index: adding a primary key \(\"entry_id\"\) to \"ledger.entries\""
