-- Modify "members" table
ALTER TABLE "public"."members" DROP COLUMN "invited_by";
-- Modify "projects" table
ALTER TABLE "public"."projects" RENAME COLUMN "title" TO "name";
