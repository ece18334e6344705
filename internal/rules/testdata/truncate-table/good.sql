CREATE TABLE users (id bigint PRIMARY KEY);
-- fixture:next-file
-- Tables created earlier in the same migration, and temporary tables.
CREATE TABLE import_batch (line text);
COPY import_batch FROM STDIN;
TRUNCATE import_batch;

CREATE TEMP TABLE scratch (id int);
TRUNCATE scratch;

-- Batched deletes are not flagged here.
DELETE FROM users WHERE id IN (SELECT id FROM users WHERE id < 0 LIMIT 1000);
