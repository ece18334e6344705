CREATE SCHEMA billing;
CREATE TABLE invoices (id bigint PRIMARY KEY);
CREATE VIEW open_invoices AS SELECT * FROM invoices;
CREATE TABLE payments (id bigint PRIMARY KEY);
-- fixture:next-file
ALTER TABLE invoices SET SCHEMA billing; -- want "set-schema: moving table \"invoices\" to schema \"billing\" breaks running application code that still uses \"public.invoices\""

ALTER VIEW open_invoices SET SCHEMA billing; -- want "set-schema: moving view \"open_invoices\" to schema \"billing\""

ALTER TABLE IF EXISTS legacy.refunds SET SCHEMA billing; -- want "set-schema: moving table \"legacy.refunds\" to schema \"billing\" breaks running application code that still uses \"legacy.refunds\""
-- fixture:next-file
-- The view keeping the old name is created only after the move commits.
-- migguard:tx none
ALTER TABLE payments SET SCHEMA billing; -- want "set-schema: moving table \"payments\""
CREATE VIEW public.payments AS SELECT * FROM billing.payments;
