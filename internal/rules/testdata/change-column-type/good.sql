CREATE TABLE users (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL,
    code varchar(20) COLLATE "C",
    balance numeric(10,2),
    seen_at timestamp(3),
    status text,
    ip cidr,
    span interval
);
-- fixture:next-file
-- Binary-coercible changes keep the stored values: no rewrite.
ALTER TABLE users ALTER COLUMN name TYPE varchar(200);
ALTER TABLE users ALTER COLUMN name TYPE varchar;
ALTER TABLE users ALTER COLUMN name TYPE text;
ALTER TABLE users ALTER COLUMN status TYPE varchar USING status;
ALTER TABLE users ALTER COLUMN balance TYPE numeric(14,2);
ALTER TABLE users ALTER COLUMN balance TYPE numeric;
ALTER TABLE users ALTER COLUMN seen_at TYPE timestamp(6);
ALTER TABLE users ALTER COLUMN ip TYPE inet;
ALTER TABLE users ALTER COLUMN span TYPE interval;
ALTER TABLE users ALTER COLUMN id TYPE bigint;
ALTER TABLE users ALTER COLUMN code TYPE varchar(40) COLLATE "C";
ALTER TABLE users ALTER COLUMN code TYPE text COLLATE "C" USING code::text;

-- Tables created in this file are empty.
CREATE TABLE imports (id int, raw text);
ALTER TABLE imports ALTER COLUMN id TYPE bigint, ALTER COLUMN raw TYPE jsonb USING raw::jsonb;
