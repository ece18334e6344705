-- json has no equality operator; jsonb does.
CREATE TABLE events (
    id bigint PRIMARY KEY,
    payload json NOT NULL, -- want "add-column-json: column \"payload\" of \"events\" is json, which has no equality operator"
    history pg_catalog.json[] -- want "add-column-json: column \"history\" of \"events\" is json"
);

ALTER TABLE users ADD COLUMN prefs json DEFAULT '{}'; -- want "add-column-json: column \"prefs\" of \"users\" is json"

ALTER TABLE users ALTER COLUMN settings TYPE json USING settings::json; -- want "add-column-json: column \"settings\" of \"users\" is json"
