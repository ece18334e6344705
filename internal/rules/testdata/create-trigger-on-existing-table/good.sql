-- Triggers on tables created in this migration, and INSTEAD OF triggers on views, are fine.
CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TABLE invoices (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE TRIGGER invoices_touch BEFORE UPDATE ON invoices
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER active_users_insert INSTEAD OF INSERT ON active_users
    FOR EACH ROW EXECUTE FUNCTION insert_active_user();
