-- text, varchar, the one-byte "char" type, temporary tables.
CREATE TABLE countries (
    code text PRIMARY KEY CHECK (length(code) = 2),
    name varchar(100),
    kind "char"
);
CREATE TEMP TABLE scratch (code char(2));
ALTER TABLE orders ADD COLUMN currency text;
