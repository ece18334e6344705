-- Modify "teams" table
ALTER TABLE "public"."teams" ALTER COLUMN "slug" SET NOT NULL;
-- Create index "teams_slug_key" to table: "teams"
CREATE UNIQUE INDEX "teams_slug_key" ON "public"."teams" ("slug");
