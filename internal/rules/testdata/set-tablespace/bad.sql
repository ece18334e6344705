-- Moving existing relations to another tablespace copies them under ACCESS EXCLUSIVE.
ALTER TABLE events SET TABLESPACE archive; -- want "set-tablespace: SET TABLESPACE copies \"events\" to \"archive\""

ALTER INDEX events_created_idx SET TABLESPACE fast_ssd; -- want "set-tablespace: .*index \"events_created_idx\".*every query on"

ALTER MATERIALIZED VIEW daily_totals SET TABLESPACE archive; -- want "set-tablespace: .*\"daily_totals\""

ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE fast_ssd; -- want "set-tablespace: moving every table of tablespace \"pg_default\" to \"fast_ssd\""
