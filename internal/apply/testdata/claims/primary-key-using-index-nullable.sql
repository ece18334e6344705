-- What the bad fixture of primary-key-using-index-nullable takes to exist.
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint, total numeric);
CREATE UNIQUE INDEX invoices_id_idx ON billing.invoices (id);
