-- +goose Up
CREATE TABLE organizations (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE accounts ADD COLUMN organization_id BIGINT REFERENCES organizations (id);
CREATE INDEX accounts_organization_id_idx ON accounts (organization_id);

-- +goose Down
ALTER TABLE accounts DROP COLUMN organization_id;
DROP TABLE organizations;
