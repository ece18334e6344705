-- What the bad fixture of set-schema takes to exist.
CREATE SCHEMA legacy;
CREATE TABLE legacy.refunds (id bigint PRIMARY KEY);
