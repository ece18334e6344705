CREATE TABLE events (id UInt64, at DateTime) ENGINE = MergeTree ORDER BY id;
