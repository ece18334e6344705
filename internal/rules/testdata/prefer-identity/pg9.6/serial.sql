-- PostgreSQL 9.6 has no identity columns: serial is the only choice.
CREATE TABLE events (id bigserial PRIMARY KEY, payload jsonb);
