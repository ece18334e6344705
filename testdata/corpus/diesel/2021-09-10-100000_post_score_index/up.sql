create index idx_post_like_post on post_like (post_id);
create index idx_post_published on post (published desc);
create index idx_post_community on post (community_id);
