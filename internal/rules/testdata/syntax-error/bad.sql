-- One bad statement is reported at its position; the rest of the file is still linted.
CREATE TABLE ok_before (id int);
SELECT 1 FRM users; -- want "syntax-error: syntax error at or near \"users\""
CREATE TABLE ok_after (id int);
ALTER TABLE t ADD COLUMN c int NOT NUL; -- want "syntax-error"
