-- migrate:up
create materialized view daily_sales as
  select store_id, date_trunc('day', placed_at) as day, sum(amount_cents) as amount_cents
  from orders where status in ('paid', 'shipped') group by 1, 2;
create unique index daily_sales_store_day_idx on daily_sales (store_id, day);

-- migrate:down
drop materialized view daily_sales;
