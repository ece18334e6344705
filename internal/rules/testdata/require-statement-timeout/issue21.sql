-- Only statements that really scan or rewrite need a statement_timeout.
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
-- fixture:next-file
ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
-- fixture:next-file
-- A validated CHECK proves email non-null: SET NOT NULL does not scan.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- A new column without a default is NULL everywhere: its foreign key is not checked against any row.
ALTER TABLE users ADD COLUMN org_id bigint REFERENCES orgs (id);
-- fixture:next-file
-- With a default every row is checked against the referenced table.
ALTER TABLE users ADD COLUMN team_id bigint DEFAULT 1 REFERENCES orgs (id); -- want "require-statement-timeout: ALTER TABLE \"users\" adds column \"team_id\" with a constraint that scans the table with no statement_timeout"
-- fixture:next-file
-- Without a proof, SET NOT NULL scans.
ALTER TABLE users ALTER COLUMN name SET NOT NULL; -- want "require-statement-timeout: ALTER TABLE \"users\" sets column \"name\" NOT NULL, which scans the table with no statement_timeout"
