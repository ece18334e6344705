SET lock_timeout = '1s'; SET statement_timeout = '1min';
CREATE INDEX tags_name_idx ON tags (name);
