CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_invoice_issued_on ON invoice (issued_on);
