-- What the bad fixture of attach-partition-scan takes to exist.
CREATE TABLE archive (id bigint, at timestamptz NOT NULL, kind text);
