CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, bio text);
-- fixture:next-file
-- Already nullable: nothing changes.
ALTER TABLE users ALTER COLUMN bio DROP NOT NULL;

-- Columns and tables created in this file are unknown to the running application.
ALTER TABLE users ADD COLUMN nickname text NOT NULL DEFAULT '';
ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;
CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL);
ALTER TABLE teams ALTER COLUMN name DROP NOT NULL;

-- Adding NOT NULL, or dropping a default, is not this rule's concern.
ALTER TABLE users ALTER COLUMN bio DROP DEFAULT;
