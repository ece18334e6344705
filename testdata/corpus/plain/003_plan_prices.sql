BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE billing.plans ALTER COLUMN yearly_cents SET EXPRESSION AS (monthly_cents * 11);
MERGE INTO billing.plans p
USING (VALUES ('starter', 900), ('pro', 2900)) AS v(code, monthly_cents) ON p.code = v.code
WHEN MATCHED THEN UPDATE SET monthly_cents = v.monthly_cents
WHEN NOT MATCHED THEN INSERT (code, monthly_cents) VALUES (v.code, v.monthly_cents)
RETURNING merge_action(), p.code;
COMMIT;
