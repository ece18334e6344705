CREATE TABLE IF NOT EXISTS project (
    project_id SERIAL PRIMARY KEY NOT NULL,
    owner_id int NOT NULL,
    name varchar(255) NOT NULL,
    creation_time timestamp default CURRENT_TIMESTAMP,
    update_time timestamp default CURRENT_TIMESTAMP,
    deleted boolean DEFAULT false NOT NULL,
    UNIQUE (name)
);

CREATE TABLE IF NOT EXISTS repository (
    repository_id SERIAL NOT NULL,
    name varchar(255) NOT NULL,
    project_id int NOT NULL,
    description text,
    pull_count int DEFAULT 0 NOT NULL,
    star_count int DEFAULT 0 NOT NULL,
    creation_time timestamp default CURRENT_TIMESTAMP,
    update_time timestamp default CURRENT_TIMESTAMP,
    PRIMARY KEY (repository_id),
    UNIQUE (name)
);

CREATE TABLE IF NOT EXISTS artifact (
    id SERIAL PRIMARY KEY NOT NULL,
    project_id int NOT NULL,
    repository_name varchar(255) NOT NULL,
    digest varchar(255) NOT NULL,
    type varchar(255) NOT NULL,
    size bigint,
    push_time timestamp default CURRENT_TIMESTAMP,
    pull_time timestamp,
    CONSTRAINT unique_artifact UNIQUE (repository_name, digest)
);

CREATE INDEX idx_artifact_push_time ON artifact (push_time);
CREATE INDEX idx_artifact_pull_time ON artifact (pull_time);

CREATE TABLE IF NOT EXISTS audit_log (
    id SERIAL PRIMARY KEY NOT NULL,
    project_id int NOT NULL,
    operation varchar(20) NOT NULL,
    resource_type varchar(255) NOT NULL,
    resource varchar(1024) NOT NULL,
    username varchar(255) NOT NULL,
    op_time timestamp default CURRENT_TIMESTAMP
);

CREATE INDEX idx_audit_log_op_time ON audit_log (op_time);

CREATE TABLE IF NOT EXISTS execution (
    id SERIAL NOT NULL PRIMARY KEY,
    vendor_type varchar(16) NOT NULL,
    vendor_id int,
    status varchar(16),
    trigger varchar(16) NOT NULL,
    extra_attrs JSON,
    start_time timestamp DEFAULT CURRENT_TIMESTAMP,
    end_time timestamp,
    revision int
);

CREATE TABLE IF NOT EXISTS task (
    id SERIAL PRIMARY KEY NOT NULL,
    execution_id int NOT NULL,
    job_id varchar(64),
    status varchar(16) NOT NULL,
    status_code int NOT NULL,
    run_count int,
    creation_time timestamp DEFAULT CURRENT_TIMESTAMP,
    start_time timestamp,
    end_time timestamp,
    FOREIGN KEY (execution_id) REFERENCES execution(id)
);
