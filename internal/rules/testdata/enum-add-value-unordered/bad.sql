CREATE TYPE order_status AS ENUM ('pending', 'shipped', 'delivered');
-- fixture:next-file
-- migguard:tx none
ALTER TYPE order_status ADD VALUE 'on_hold'; -- want "enum-add-value-unordered: adding value 'on_hold' to enum \"order_status\" without BEFORE or AFTER makes it sort after every existing value"

ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'calm'; -- want "enum-add-value-unordered: adding value 'calm' to enum \"app.mood\""
