-- text, text with a CHECK, varchar without a length, temporary tables.
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL CHECK (length(email) <= 255),
    nickname varchar,
    country char(2)
);
CREATE TEMP TABLE scratch (code varchar(10));
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ALTER COLUMN reference TYPE text;
