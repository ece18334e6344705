-- What the bad fixture of drop-schema takes to exist.
CREATE SCHEMA legacy;
CREATE TABLE legacy.things (id bigint);
