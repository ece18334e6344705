-- Tables within 1,600 columns; columns of the same name merge into one.
CREATE TABLE base (id bigint, name text);
CREATE TABLE child (id bigint, extra text) INHERITS (base);
ALTER TABLE child ADD COLUMN IF NOT EXISTS extra text;
ALTER TABLE child ADD COLUMN note text;
