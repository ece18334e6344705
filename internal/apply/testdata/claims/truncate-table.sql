-- What the bad fixture of truncate-table takes to exist.
CREATE SCHEMA audit;
CREATE TABLE audit.log (id bigserial PRIMARY KEY);
