-- +goose Up
SET lock_timeout = '1s'; SET statement_timeout = '1min';
CREATE INDEX users_email_idx ON users (email);
