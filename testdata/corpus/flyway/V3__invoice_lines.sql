CREATE TABLE invoice_line (
    id BIGSERIAL PRIMARY KEY,
    invoice_id BIGINT NOT NULL REFERENCES invoice (id),
    description VARCHAR(500) NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL
);
CREATE INDEX idx_invoice_line_invoice ON invoice_line (invoice_id);

ALTER TABLE invoice ADD COLUMN currency VARCHAR(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE invoice ALTER COLUMN amount TYPE NUMERIC(14, 2);
