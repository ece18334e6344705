-- +goose Up
SET lock_timeout = '5s';
UPDATE accounts SET plan = 'team' WHERE organization_id IS NOT NULL;
ALTER TABLE accounts ALTER COLUMN display_name TYPE TEXT;
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;

-- +goose Down
SELECT 1;
