drop index idx_post_community_published;
create index idx_post_published on post (published desc);
create index idx_post_community on post (community_id);
alter table post alter column updated type timestamp;
alter table post alter column published type timestamp;
