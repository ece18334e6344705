-- Creating a database, or dropping other objects, is not dropping a database.
-- migguard:tx none
CREATE DATABASE analytics_v2;
DROP SCHEMA IF EXISTS analytics_tmp;
