alter table stock_items add column reserved int not null default 0;
alter table stock_items add column available int generated always as (quantity - reserved) stored;

---- create above / drop below ----

alter table stock_items drop column available;
alter table stock_items drop column reserved;
