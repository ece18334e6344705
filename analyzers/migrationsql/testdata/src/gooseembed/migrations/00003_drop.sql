-- +goose Up
ALTER TABLE users DROP COLUMN email; -- want `^drop-column: dropping column "email" of "users"`
