-- A schema created in the same migration is not used by running code yet.
CREATE SCHEMA reporting_v2;
ALTER SCHEMA reporting_v2 RENAME TO reporting;

-- Renaming other objects is not renaming a schema.
ALTER TYPE mood RENAME TO feeling;
ALTER SEQUENCE IF EXISTS orders_id_seq RENAME TO order_ids;
