-- jsonb, and names that merely contain "json", are fine.
CREATE TABLE events (
    id bigint PRIMARY KEY,
    payload jsonb NOT NULL,
    json text,
    raw_json bytea
);
ALTER TABLE users ADD COLUMN prefs jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE users ALTER COLUMN settings TYPE jsonb USING settings::jsonb;
ALTER TABLE users ADD COLUMN meta app.json;
SELECT '{"a": 1}'::json -> 'a';
