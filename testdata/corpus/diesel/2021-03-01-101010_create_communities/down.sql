drop table community_follower;
drop table person;
drop table community;
