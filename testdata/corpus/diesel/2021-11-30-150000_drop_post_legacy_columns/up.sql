-- the published columns become timestamptz; the server's time zone is UTC, but diesel's connection does not set it
alter table post alter column published type timestamptz using published at time zone 'UTC';
alter table post alter column updated type timestamptz using updated at time zone 'UTC';
drop index idx_post_published;
drop index idx_post_community;
create index idx_post_community_published on post (community_id, published desc);
