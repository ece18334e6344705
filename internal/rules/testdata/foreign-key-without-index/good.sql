-- Foreign keys whose columns lead an index: known, created by the same statement, or later in the migration.
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE teams (id bigint, org bigint, PRIMARY KEY (org, id));
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, team_org bigint, team_id bigint);
CREATE INDEX orders_user_id_idx ON orders USING btree (user_id, id);
CREATE INDEX orders_team_idx ON orders (team_id, team_org);
-- fixture:next-file
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_team_fk FOREIGN KEY (team_org, team_id) REFERENCES teams (org, id) NOT VALID;

-- The referencing column leads the primary key or a unique constraint of the same statement.
CREATE TABLE memberships (
    user_id bigint REFERENCES users,
    team_org bigint,
    team_id bigint,
    PRIMARY KEY (user_id, team_org, team_id),
    UNIQUE (team_org, team_id, user_id),
    FOREIGN KEY (team_org, team_id) REFERENCES teams (org, id)
);
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users);

-- An index created later in the same migration.
CREATE TABLE payments (id bigint PRIMARY KEY, user_id bigint REFERENCES users, order_id bigint);
ALTER TABLE payments ADD CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders;
CREATE INDEX payments_user_id_idx ON payments USING hash (user_id);
ALTER TABLE payments ADD CONSTRAINT payments_order_key UNIQUE (order_id, id);

-- Temporary tables are left alone.
CREATE TEMP TABLE scratch (user_id bigint REFERENCES users);
