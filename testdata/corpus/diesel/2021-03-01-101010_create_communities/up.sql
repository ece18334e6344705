create table community (
  id serial primary key,
  name varchar(20) not null unique,
  title varchar(100) not null,
  description text,
  removed boolean default false not null,
  published timestamp not null default now(),
  updated timestamp
);

create table person (
  id serial primary key,
  name varchar(20) not null unique,
  display_name varchar(20),
  banned boolean default false not null,
  published timestamp not null default now()
);

create table community_follower (
  id serial primary key,
  community_id int references community on update cascade on delete cascade not null,
  person_id int references person on update cascade on delete cascade not null,
  published timestamp not null default now(),
  unique (community_id, person_id)
);
