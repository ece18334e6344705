-- The migration tool already runs this file in a transaction: BEGIN and COMMIT fight over it.
BEGIN; -- want "transaction-nesting: BEGIN while the migration tool runs this file in one transaction: PostgreSQL ignores it with a warning, and a COMMIT meant for it would end the tool's transaction instead"
ALTER TABLE users ADD COLUMN nickname text;
COMMIT; -- want "transaction-nesting: COMMIT while the migration tool runs this file in one transaction: it ends the tool's transaction early, .*a failure leaves the migration half applied"
-- fixture:next-file
ALTER TABLE users ADD COLUMN locale text;
ROLLBACK; -- want "transaction-nesting: ROLLBACK while the migration tool .*: it undoes the statements before it, the tool carries on as if they ran"
START TRANSACTION; -- want "transaction-nesting: START TRANSACTION while the migration tool .*both manage its transactions"
ALTER TABLE users ADD COLUMN theme text;
END; -- want "transaction-nesting: END while the migration tool .*both manage its transactions"
