-- Create enum type "member_role"
CREATE TYPE "public"."member_role" AS ENUM ('owner', 'admin', 'member');
-- Modify "members" table
ALTER TABLE "public"."members" ALTER COLUMN "role" DROP DEFAULT, ALTER COLUMN "role" TYPE "public"."member_role" USING "role"::"public"."member_role", ALTER COLUMN "role" SET DEFAULT 'member';
