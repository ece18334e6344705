-- An ignore that suppresses a finding is used.
-- migguard:ignore create-index-non-concurrently the users table has 40 rows
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX orders_ref_idx ON orders (ref); -- migguard:ignore create-index-non-concurrently orders is empty in every environment
