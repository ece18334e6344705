create table post (
  id serial primary key,
  name varchar(200) not null,
  url text,
  body text,
  creator_id int references person on update cascade on delete cascade not null,
  community_id int references community on update cascade on delete cascade not null,
  removed boolean default false not null,
  locked boolean default false not null,
  published timestamp not null default now(),
  updated timestamp
);

create table post_like (
  id serial primary key,
  post_id int references post on update cascade on delete cascade not null,
  person_id int references person on update cascade on delete cascade not null,
  score smallint not null,
  published timestamp not null default now(),
  unique (post_id, person_id)
);

select diesel_manage_updated_at('post');
