-- Triggers added to existing tables.
CREATE TRIGGER users_audit AFTER UPDATE ON users -- want "create-trigger-on-existing-table: creating trigger \"users_audit\" on \"users\" takes SHARE ROW EXCLUSIVE"
    FOR EACH ROW EXECUTE FUNCTION audit_row();

CREATE OR REPLACE TRIGGER orders_touch BEFORE UPDATE ON billing.orders -- want "create-trigger-on-existing-table: .*\"orders_touch\" on \"billing.orders\""
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE CONSTRAINT TRIGGER accounts_balance_check AFTER INSERT OR UPDATE ON accounts -- want "create-trigger-on-existing-table"
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_balance();
