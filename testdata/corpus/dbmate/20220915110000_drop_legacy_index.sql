-- migrate:up
set lock_timeout = '3s';
drop index if exists orders_store_id_idx;
create index if not exists orders_store_id_placed_at_idx on orders (store_id, placed_at);

-- migrate:down
drop index if exists orders_store_id_placed_at_idx;
create index orders_store_id_idx on orders (store_id);
