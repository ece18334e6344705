-- +goose Up
ALTER TABLE audit_events ADD CONSTRAINT audit_events_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) NOT VALID;

-- +goose Down
ALTER TABLE audit_events DROP CONSTRAINT audit_events_account_id_fkey;
