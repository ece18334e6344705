CREATE TABLE users (
    id serial PRIMARY KEY,
    name varchar(100) NOT NULL,
    code varchar(20) COLLATE "C",
    balance numeric(10,2),
    seen_at timestamp,
    status text,
    flags char(4)
);
-- fixture:next-file
-- Changes that convert the stored values rewrite the table and its indexes.
ALTER TABLE users ALTER COLUMN id TYPE bigint; -- want "change-column-type: changing column \"id\" of \"users\" from int4 to int8 rewrites the whole table and its indexes under ACCESS EXCLUSIVE"

ALTER TABLE users ALTER COLUMN name TYPE varchar(50); -- want "change-column-type: .*\"name\".*from varchar\(100\) to varchar\(50\) rewrites"

ALTER TABLE users ALTER COLUMN balance TYPE numeric(12,4); -- want "change-column-type: .*\"balance\".*numeric\(10,2\) to numeric\(12,4\)"

ALTER TABLE users ALTER COLUMN seen_at SET DATA TYPE timestamptz; -- want "change-column-type: .*\"seen_at\".*from timestamp to timestamptz"

ALTER TABLE users ALTER COLUMN status TYPE varchar(32); -- want "change-column-type: .*\"status\".*from text to varchar\(32\)"

ALTER TABLE users ALTER COLUMN flags TYPE char(8); -- want "change-column-type: .*\"flags\".*bpchar\(4\) to bpchar\(8\)"

ALTER TABLE users ALTER COLUMN name TYPE text USING trim(name); -- want "change-column-type: .*\"name\".*with USING converts every value"

-- Only the collation changes (to the default): the indexes on the column are rebuilt.
ALTER TABLE users ALTER COLUMN code TYPE varchar(40); -- want "change-column-type: changing the collation of column \"code\" of \"users\" rebuilds every index"

-- A table the migrations do not know: the current type cannot be checked.
ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2); -- want "change-column-type: changing column \"total\" of \"orders\" to numeric\(14,2\): its current type is not known"

ALTER TABLE users
    ALTER COLUMN balance TYPE numeric(20,4),
    ALTER COLUMN missing TYPE int; -- want "change-column-type: changing column \"missing\" of \"users\" to int4: its current type is not known"
