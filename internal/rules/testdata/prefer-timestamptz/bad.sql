-- timestamp without time zone.
CREATE TABLE events (
    id bigint PRIMARY KEY,
    created_at timestamp NOT NULL DEFAULT now(), -- want "prefer-timestamptz: column \"created_at\" of \"events\" is timestamp without time zone: values lose their UTC offset, so instants written from different time zones cannot be told apart; use timestamptz"
    seen_at timestamp(3) without time zone -- want "prefer-timestamptz: column \"seen_at\" of \"events\" is timestamp\(3\) without time zone"
);
ALTER TABLE orders ADD COLUMN shipped_at timestamp; -- want "prefer-timestamptz: column \"shipped_at\" of \"orders\""
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamp without time zone; -- want "prefer-timestamptz: column \"placed_at\" of \"orders\""
