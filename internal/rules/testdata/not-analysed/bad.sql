-- fixture:format plain
\set ON_ERROR_STOP on -- want "not-analysed: psql meta-command \\set on line 2: psql meta-commands are not analysed"
CREATE TABLE accounts (id bigint PRIMARY KEY);
COPY accounts (id) FROM stdin;
1 -- want "not-analysed: the COPY data on lines 5-7 is not analysed"
2
\.
\i functions.sql -- want "not-analysed: psql meta-command \\i on line 8: the file it includes is not linted here"
{{ template "shared/audit.sql" . }} -- want "not-analysed: \{\{ template \"shared/audit\.sql\" \. \}\} on line 9: the included template is not linted"
