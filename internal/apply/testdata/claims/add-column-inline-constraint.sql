-- What the bad fixture of add-column-inline-constraint takes to exist.
CREATE TABLE sessions (id bigint);
