-- migrate:up
alter table orders rename column total_cents to amount_cents;
alter table orders add column currency char(3);
update orders o set currency = s.currency from stores s where s.id = o.store_id;

-- migrate:down
alter table orders drop column currency;
alter table orders rename column amount_cents to total_cents;
