ALTER TABLE customer DROP COLUMN version;
DROP INDEX idx_invoice_customer;
DROP INDEX uk_invoice_number;
CREATE UNIQUE INDEX uk_invoice_customer_number ON invoice (customer_id, number);
