drop table post_like;
drop table post;
