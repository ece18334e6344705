-- A new table's foreign key locks the existing table it references.
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) -- want "require-lock-timeout: CREATE TABLE \"invoices\" waits for SHARE ROW EXCLUSIVE on \"customers\" with no lock_timeout: while it waits, every write to \"customers\" queues"
);
