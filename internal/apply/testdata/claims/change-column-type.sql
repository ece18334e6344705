-- What the bad fixture of change-column-type takes to exist.
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2));
