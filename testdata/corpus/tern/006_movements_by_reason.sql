---- tern: disable-tx ----
create index concurrently if not exists stock_movements_reason_idx on stock_movements (reason);

---- create above / drop below ----

drop index concurrently if exists stock_movements_reason_idx;
