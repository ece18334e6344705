-- migrate:up transaction:false
create index concurrently if not exists products_title_idx on products using gin (to_tsvector('simple', title));

-- migrate:down transaction:false
drop index concurrently if exists products_title_idx;
