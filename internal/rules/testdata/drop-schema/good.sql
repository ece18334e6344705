CREATE SCHEMA staging;
CREATE TABLE staging.import (line text);
-- fixture:next-file
-- Emptied explicitly first, then dropped without CASCADE.
DROP TABLE IF EXISTS staging.import;
DROP SCHEMA staging;

-- A schema created in the same migration.
CREATE SCHEMA scratch;
CREATE TABLE scratch.t (id int);
DROP SCHEMA scratch CASCADE;

-- An empty schema the migrations do not know.
DROP SCHEMA IF EXISTS old_empty;
