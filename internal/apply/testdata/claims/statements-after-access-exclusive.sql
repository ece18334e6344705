-- What the bad fixture of statements-after-access-exclusive takes to exist.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy_flag boolean, legacy_note text, org bigint,
    CONSTRAINT users_org_fk FOREIGN KEY (org) REFERENCES orgs NOT VALID);
CREATE TABLE orders (id bigint PRIMARY KEY, org_id bigint);
CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE sessions (id bigint);
CREATE TABLE events (id bigint, archived boolean);
CREATE TABLE events_archive (id bigint, archived boolean);
CREATE TABLE audit_log (id bigint);
CREATE TABLE customers (id bigint PRIMARY KEY);
