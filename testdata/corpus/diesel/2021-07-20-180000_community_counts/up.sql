create table community_aggregates (
  id serial primary key,
  community_id int references community on update cascade on delete cascade not null,
  subscribers bigint not null default 0,
  posts bigint not null default 0,
  unique (community_id)
);

insert into community_aggregates (community_id, subscribers, posts)
  select c.id,
    coalesce(cf.subs, 0) as subscribers,
    coalesce(cd.posts, 0) as posts
  from community c
  left join (select cf.community_id, count(*) as subs from community_follower cf group by cf.community_id) as cf on cf.community_id = c.id
  left join (select p.community_id, count(*) as posts from post p group by p.community_id) as cd on cd.community_id = c.id;
