CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- fixture:next-file
-- Inline constraints do their work under the ADD COLUMN's ACCESS EXCLUSIVE lock.
ALTER TABLE users ADD COLUMN org_id bigint REFERENCES orgs (id); -- want "add-column-inline-constraint: adding column \"org_id\" to \"users\" with inline REFERENCES \"orgs\" also locks \"orgs\" in SHARE ROW EXCLUSIVE, blocking its writes$"

ALTER TABLE users ADD COLUMN home_org bigint NOT NULL DEFAULT 1 REFERENCES orgs; -- want "add-column-inline-constraint: .*\"home_org\".*as the column gets a value it scans every row"

ALTER TABLE users ADD COLUMN handle text UNIQUE; -- want "add-column-inline-constraint: adding column \"handle\" to \"users\" with inline UNIQUE builds its unique index"

ALTER TABLE users
    ADD COLUMN age int CONSTRAINT users_age_check CHECK (age >= 0); -- want "add-column-inline-constraint: .*\"age\".*inline CHECK scans every row"

ALTER TABLE sessions ADD COLUMN sid uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY; -- want "add-column-inline-constraint: .*\"sid\" to \"sessions\" with inline PRIMARY KEY"

-- With a default every row must be validated, even against a new table.
CREATE TABLE regions (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN region_id bigint DEFAULT 1 REFERENCES regions (id); -- want "add-column-inline-constraint: .*\"region_id\".*as the column gets a value it scans every row"
