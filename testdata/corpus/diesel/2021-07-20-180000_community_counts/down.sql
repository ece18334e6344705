drop table community_aggregates;
