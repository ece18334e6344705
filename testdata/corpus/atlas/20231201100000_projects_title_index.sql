-- atlas:txmode none

-- Create index "projects_title_idx" to table: "projects"
CREATE INDEX CONCURRENTLY "projects_title_idx" ON "public"."projects" ("title");
