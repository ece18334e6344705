CREATE VIEW billing.usage_report AS
SELECT jt.*
FROM billing.usage_records r,
     JSON_TABLE(jsonb_build_object('id', r.id, 'total', r.quantity * r.unit_cents), '$' COLUMNS (id bigint PATH '$.id', total integer PATH '$.total')) AS jt;
CREATE INDEX usage_records_recorded_at_idx ON billing.usage_records (recorded_at);
