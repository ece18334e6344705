alter table stock_items validate constraint stock_items_quantity_nonnegative;

---- create above / drop below ----
