-- An unterminated dollar quote swallows the rest of the file; statements before it are kept.
CREATE TABLE first (id int);
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ -- want "syntax-error: unterminated dollar-quoted string"
SELECT 1;
