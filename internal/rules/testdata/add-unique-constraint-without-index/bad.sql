-- Tables an earlier migration created.
CREATE TABLE users (id bigint PRIMARY KEY, email text, handle text, tenant_id int);
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
-- fixture:next-file
-- The index is built under ACCESS EXCLUSIVE.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- want "add-unique-constraint-without-index: adding UNIQUE constraint \"users_email_key\" \(\"email\"\) to \"users\" builds its index under ACCESS EXCLUSIVE: every query on \"users\" waits until it is done$"

-- Unnamed, several columns, NULLS NOT DISTINCT.
ALTER TABLE users
    ADD UNIQUE NULLS NOT DISTINCT (tenant_id, handle); -- want "add-unique-constraint-without-index: adding a UNIQUE constraint \(\"tenant_id\", \"handle\"\) to \"users\""

-- Written on a new column.
ALTER TABLE users ADD COLUMN api_key text UNIQUE; -- want "add-unique-constraint-without-index: adding column \"api_key\" with UNIQUE to \"users\" builds a unique index under ACCESS EXCLUSIVE"

-- A partitioned table cannot take USING INDEX: the message says what to do instead.
ALTER TABLE events ADD CONSTRAINT events_id_at_key UNIQUE (id, at); -- want "add-unique-constraint-without-index: .*\"events_id_at_key\".*; a partitioned table does not accept USING INDEX, so build a partitioned unique index instead"
-- fixture:next-file
-- migguard:tx none
-- A table the migrations do not know is taken to exist already.
ALTER TABLE crm.contacts ADD CONSTRAINT contacts_phone_key UNIQUE (phone); -- want "add-unique-constraint-without-index: .*\"contacts_phone_key\" \(\"phone\"\) to \"crm.contacts\""
