-- fixture:format goose
-- +goose Up
CREATE TABLE accounts (
    id      bigint PRIMARY KEY,
    balance numeric NOT NULL DEFAULT 0
);

-- A function body holds semicolons, so goose needs it fenced.
-- +goose StatementBegin
CREATE FUNCTION accounts_default_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.balance := coalesce(NEW.balance, 0);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION accounts_default_balance();
DROP TABLE accounts;
