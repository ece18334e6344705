SET lock_timeout = '1s'; SET statement_timeout = '1min';
CREATE INDEX items_name_idx ON items (name);
