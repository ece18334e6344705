-- PostgreSQL 14 has no SET ACCESS METHOD: the statement fails, even on a new table.
CREATE TABLE metrics (id bigint);
ALTER TABLE metrics SET ACCESS METHOD heap; -- want "set-access-method: SET ACCESS METHOD on \"metrics\" needs PostgreSQL 15 or later: this migration fails on 14.0"
