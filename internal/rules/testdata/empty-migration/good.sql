-- A deliberate no-op says so.
SELECT 1;
-- fixture:next-file
-- +goose Up
-- This migration is a no-op: the repetition rules it created were removed.
-- fixture:next-file
-- +migrate Up
-- Intentionally left empty; kept so that the applied versions stay in order.
-- fixture:next-file
-- this migration is noop because digests have been removed
-- +migrate Up

-- +migrate Down
