-- +goose Up
ALTER TABLE audit_events VALIDATE CONSTRAINT audit_events_account_id_fkey;

-- +goose Down
SELECT 1;
