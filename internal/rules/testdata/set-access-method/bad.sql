-- Changing the access method of an existing table rewrites it.
ALTER TABLE events SET ACCESS METHOD columnar; -- want "set-access-method: SET ACCESS METHOD \"columnar\" rewrites \"events\" under ACCESS EXCLUSIVE"

ALTER MATERIALIZED VIEW reporting.daily SET ACCESS METHOD heap; -- want "set-access-method: .*\"reporting.daily\""
