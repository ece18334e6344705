-- timestamptz, dates and times, temporary tables.
CREATE TABLE events (
    id bigint PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    seen_at timestamp(3) with time zone,
    day date,
    opens_at time
);
CREATE TEMP TABLE scratch (at timestamp);
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamptz;
