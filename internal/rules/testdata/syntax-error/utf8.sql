-- Columns count characters: the error is after a two-byte character.
SELECT 'é' FRM t; -- want "syntax-error: syntax error at or near \"t\""
