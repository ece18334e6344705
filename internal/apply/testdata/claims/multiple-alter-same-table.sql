-- What the bad fixture of multiple-alter-same-table takes to exist.
CREATE TABLE users (id int PRIMARY KEY, org_id int);
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric, qty int, channel text);
CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric);
