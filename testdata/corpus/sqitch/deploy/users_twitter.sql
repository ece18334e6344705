-- Deploy flipr:users_twitter to pg
-- requires: users

BEGIN;

ALTER TABLE flipr.users ALTER COLUMN twitter SET NOT NULL;
ALTER TABLE flipr.users ALTER COLUMN twitter SET DEFAULT '';
CREATE UNIQUE INDEX users_twitter_idx ON flipr.users (lower(twitter)) WHERE twitter <> '';

COMMIT;
