-- Dropping schemas that existed before this migration.
CREATE SCHEMA reporting;
CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric);
CREATE TYPE reporting.period AS ENUM ('day', 'week');
CREATE SCHEMA archive;
CREATE TABLE archive.orders_2019 (id bigint);
-- fixture:next-file
DROP SCHEMA reporting CASCADE; -- want "drop-schema: DROP SCHEMA \"reporting\" CASCADE deletes every table, view, function and type in it \(table \"daily\", type \"period\"\)"

-- Schemas the migrations do not know.
DROP SCHEMA IF EXISTS legacy CASCADE; -- want "drop-schema: DROP SCHEMA \"legacy\" CASCADE deletes every table"

-- Without CASCADE it fails while the schema holds anything.
DROP SCHEMA archive; -- want "drop-schema: DROP SCHEMA \"archive\" fails while the schema still holds table \"orders_2019\""
