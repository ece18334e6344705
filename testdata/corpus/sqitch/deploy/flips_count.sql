-- Deploy flipr:flips_count to pg
-- requires: flips
-- requires: users

BEGIN;

ALTER TABLE flipr.users ADD COLUMN flip_count INTEGER NOT NULL DEFAULT 0;
UPDATE flipr.users u SET flip_count = f.n FROM (SELECT nickname, count(*) AS n FROM flipr.flips GROUP BY nickname) f WHERE f.nickname = u.nickname;

COMMIT;
