CREATE TABLE customer (
    id BIGSERIAL PRIMARY KEY,
    first_name VARCHAR(255) NOT NULL,
    last_name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NOT NULL,
    created_date TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE invoice (
    id BIGSERIAL PRIMARY KEY,
    customer_id BIGINT NOT NULL,
    number VARCHAR(32) NOT NULL,
    amount NUMERIC(12, 2) NOT NULL,
    issued_on DATE NOT NULL,
    paid BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT fk_invoice_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

CREATE INDEX idx_invoice_customer ON invoice (customer_id);
CREATE UNIQUE INDEX uk_invoice_number ON invoice (number);
