-- A deliberate no-op says so.
SELECT 1;
