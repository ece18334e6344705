alter table stock_items add constraint stock_items_quantity_nonnegative check (quantity >= 0) not valid;

---- create above / drop below ----

alter table stock_items drop constraint stock_items_quantity_nonnegative;
