CREATE TYPE order_status AS ENUM ('pending', 'shipped', 'delivered');
-- fixture:next-file
-- migguard:tx none
ALTER TYPE order_status ADD VALUE 'on_hold' AFTER 'pending';
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'draft' BEFORE 'pending';
ALTER TYPE order_status ADD VALUE 'returned' AFTER 'delivered';

-- Renaming a value, or creating a type, adds nothing.
ALTER TYPE order_status RENAME VALUE 'returned' TO 'sent_back';
CREATE TYPE mood AS ENUM ('sad', 'happy');
