-- migrate:up
create table orders (
  id bigserial primary key,
  store_id integer not null references stores (id),
  status varchar(20) not null default 'pending',
  total_cents integer not null,
  placed_at timestamp without time zone not null default now()
);
create index orders_store_id_idx on orders (store_id);

create table order_items (
  order_id bigint not null references orders (id) on delete cascade,
  product_id integer not null references products (id),
  quantity integer not null check (quantity > 0),
  primary key (order_id, product_id)
);

-- migrate:down
drop table order_items;
drop table orders;
