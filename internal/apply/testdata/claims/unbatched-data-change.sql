-- What the bad fixture of unbatched-data-change takes to exist.
CREATE TABLE customers (id bigint PRIMARY KEY, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, archived boolean, customer_id bigint, customer_name text);
CREATE TABLE sessions (id bigint);
CREATE TABLE users (id bigint PRIMARY KEY, locale text);
CREATE TABLE events (id bigint, keep boolean);
CREATE TABLE user_settings (user_id bigint, key text, value text);
