alter table warehouses add column region text;
update warehouses set region = 'eu' where code like 'EU-%';
alter table warehouses alter column region set default 'eu';
alter table stock_movements alter column delta type bigint;

---- create above / drop below ----

alter table stock_movements alter column delta type int;
alter table warehouses drop column region;
