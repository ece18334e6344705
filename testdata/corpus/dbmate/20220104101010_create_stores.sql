-- migrate:up
create table stores (
  id serial primary key,
  slug varchar(64) not null unique,
  name text not null,
  currency char(3) not null default 'EUR',
  created_at timestamp without time zone not null default now()
);

create table products (
  id serial primary key,
  store_id integer not null references stores (id),
  sku varchar(64) not null,
  title text not null,
  price_cents integer not null,
  created_at timestamp without time zone not null default now(),
  unique (store_id, sku)
);

-- migrate:down
drop table products;
drop table stores;
