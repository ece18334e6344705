-- Modify "members" table
ALTER TABLE "public"."members" ADD COLUMN "last_seen_at" timestamptz NULL, ADD COLUMN "invited_by" bigint NULL;
-- Modify "teams" table
ALTER TABLE "public"."teams" ADD COLUMN "slug" character varying(64) NULL;
