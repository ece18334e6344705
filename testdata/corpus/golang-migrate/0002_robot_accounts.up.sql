CREATE TABLE IF NOT EXISTS robot (
    id SERIAL PRIMARY KEY NOT NULL,
    name varchar(255),
    description varchar(1024),
    project_id int,
    expiresat bigint,
    disabled boolean DEFAULT false NOT NULL,
    creation_time timestamp default CURRENT_TIMESTAMP,
    update_time timestamp default CURRENT_TIMESTAMP,
    CONSTRAINT unique_robot UNIQUE (name, project_id)
);

ALTER TABLE project ADD COLUMN IF NOT EXISTS registry_id int;
ALTER TABLE repository ADD COLUMN IF NOT EXISTS immutable boolean DEFAULT false;

/* a repository belongs to a project: add the key once, whatever state the database is in */
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk_repository_project') THEN
        ALTER TABLE repository ADD CONSTRAINT fk_repository_project FOREIGN KEY (project_id) REFERENCES project(project_id);
    END IF;
END $$;

ALTER TABLE artifact ADD COLUMN IF NOT EXISTS repository_id int;
UPDATE artifact AS art SET repository_id = repo.repository_id FROM repository AS repo WHERE art.repository_name = repo.name;
