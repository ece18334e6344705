-- A foreign key whose columns lead no index makes deletes in the referenced table scan this one.
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE teams (id bigint, org bigint, PRIMARY KEY (org, id));
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, team_org bigint, team_id bigint, created_at timestamptz);
CREATE INDEX orders_created_user_idx ON orders (created_at, user_id);
CREATE INDEX orders_team_partial_idx ON orders (team_org, team_id) WHERE team_id IS NOT NULL;
-- fixture:next-file
CREATE TABLE payments (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users, -- want "foreign-key-without-index: foreign key \(user_id\) of \"payments\" has no index on its columns: each DELETE or key UPDATE in \"users\" scans \"payments\" for referencing rows"
    order_id bigint,
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) -- want "foreign-key-without-index: foreign key \"payments_order_fk\" \(order_id\) of \"payments\""
);
CREATE INDEX payments_id_user_idx ON payments (id, user_id);

-- An index on (created_at, user_id) does not lead with user_id; a partial index does not count.
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID; -- want "foreign-key-without-index: foreign key \"orders_user_fk\" \(user_id\) of \"orders\""
ALTER TABLE orders ADD CONSTRAINT orders_team_fk FOREIGN KEY (team_org, team_id) REFERENCES teams (org, id) NOT VALID; -- want "foreign-key-without-index: foreign key \"orders_team_fk\" \(team_org, team_id\)"
ALTER TABLE orders ADD COLUMN approver_id bigint REFERENCES users; -- want "foreign-key-without-index: foreign key \(approver_id\) of \"orders\""
