-- migrate:up
alter table orders add constraint orders_status_check check (status in ('pending', 'paid', 'shipped', 'cancelled'));
alter table orders alter column total_cents type bigint;

-- migrate:down
alter table orders drop constraint orders_status_check;
