-- What the bad fixture of add-primary-key-without-index takes to exist.
CREATE SCHEMA ledger;
CREATE TABLE ledger.entries (entry_id bigint, amount numeric);
