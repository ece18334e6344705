CREATE SCHEMA billing;
CREATE TABLE invoices (id bigint PRIMARY KEY);
-- fixture:next-file
-- The old qualified name keeps working through a view created in the same transaction.
ALTER TABLE invoices SET SCHEMA billing;
CREATE VIEW public.invoices AS SELECT * FROM billing.invoices;

-- Tables created in the same migration.
CREATE TABLE staging_refunds (id bigint);
ALTER TABLE staging_refunds SET SCHEMA billing;

-- Moving a type or a function is not moving a relation.
ALTER TYPE invoice_state SET SCHEMA billing;
ALTER FUNCTION invoice_total(bigint) SET SCHEMA billing;
