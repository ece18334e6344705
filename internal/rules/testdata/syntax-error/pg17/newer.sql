-- On a PostgreSQL 17 target, syntax of a later version and plain mistakes are syntax errors.
REPACK users; -- want "syntax-error: syntax error at or near \"REPACK\""
ALTER TABLE users ADD COLUMN; -- want "syntax-error"
