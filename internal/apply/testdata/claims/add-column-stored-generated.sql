-- What the bad fixture of add-column-stored-generated takes to exist.
CREATE TABLE orders (id bigint PRIMARY KEY, total bigint);
