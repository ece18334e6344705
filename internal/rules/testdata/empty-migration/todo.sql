-- fixture:format goose -- want "empty-migration: migration has no statements"
-- +goose Up
-- TODO: add the index on orders.created_at

-- +goose Down
-- A no-op in the down part explains nothing about the up part.
