-- A foreign key on a copy of existing rows checks every copied row while blocking writes to the referenced table.
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint);
-- fixture:next-file
CREATE TABLE users_v2 AS SELECT * FROM users;
ALTER TABLE users_v2 ADD CONSTRAINT users_v2_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id); -- want "add-foreign-key-without-not-valid: adding foreign key \"users_v2_org_fk\" to \"users_v2\" without NOT VALID checks every row of \"users_v2\" against \"orgs\""
CREATE TABLE users_v3 AS SELECT * FROM users WITH NO DATA;
ALTER TABLE users_v3 ADD CONSTRAINT users_v3_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);
