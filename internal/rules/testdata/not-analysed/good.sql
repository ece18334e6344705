-- fixture:format plain
-- Backslashes inside strings, identifiers and function bodies are SQL,
-- and a template placeholder is read as an identifier.
CREATE TABLE {{.Schema}}.accounts (id bigint PRIMARY KEY, note text DEFAULT E'one\\two');
CREATE FUNCTION {{.Schema}}.slash() RETURNS text LANGUAGE sql AS $$ SELECT '\' $$;
