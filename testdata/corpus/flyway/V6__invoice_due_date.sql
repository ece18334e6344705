ALTER TABLE invoice ADD COLUMN due_on DATE;
UPDATE invoice SET due_on = issued_on + 30;
ALTER TABLE invoice ALTER COLUMN due_on SET NOT NULL;
