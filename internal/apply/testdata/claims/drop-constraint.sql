-- What the bad fixture of drop-constraint takes to exist.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE customers (id bigint PRIMARY KEY);
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, number text CONSTRAINT invoices_number_uniq UNIQUE);
