drop index idx_post_like_post;
drop index idx_post_published;
drop index idx_post_community;
