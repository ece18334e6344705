-- Dropping what the application code of the same commit still uses.
-- fixture:uses users.nickname app/models.go:14 gorm model User field Nickname
-- fixture:uses users.nickname app/store.go:31 query "SELECT id, nickname FROM users WHERE id = $1"
-- fixture:uses orders.coupon app/models.py:22 SQLAlchemy model Order attribute coupon
-- fixture:uses legacy_events app/events.go:9 bun model LegacyEvent
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nickname text);
CREATE TABLE orders (id bigint PRIMARY KEY, coupon text, nickname text);
CREATE TABLE legacy_events (id bigint PRIMARY KEY);
-- fixture:next-file
ALTER TABLE users DROP COLUMN nickname; -- want "drop-still-used: column \"nickname\" of \"users\" is still used by gorm model User field Nickname \(app/models.go:14\), query .* \(app/store.go:31\): .*remove the use in one pull request, drop the column in a later one"

ALTER TABLE orders DROP COLUMN IF EXISTS coupon; -- want "drop-still-used: column \"coupon\" of \"orders\" is still used by SQLAlchemy model Order attribute coupon \(app/models.py:22\)"

DROP TABLE legacy_events; -- want "drop-still-used: table \"legacy_events\" is still used by bun model LegacyEvent \(app/events.go:9\): .*drop the table in a later one"
