CREATE TYPE order_status AS ENUM ('pending', 'shipped');
-- fixture:next-file
-- migguard:tx none
-- A type created in the same migration is not used by running code yet.
CREATE TYPE mood AS ENUM ('sad', 'happy');
ALTER TYPE mood RENAME VALUE 'happy' TO 'glad';

-- Nor is a label added earlier in the same migration.
ALTER TYPE order_status ADD VALUE 'on_hold' AFTER 'pending';
ALTER TYPE order_status RENAME VALUE 'on_hold' TO 'paused';
ALTER TYPE order_status RENAME VALUE 'paused' TO 'held';

-- Renaming the type is not renaming a value.
ALTER TYPE order_status RENAME TO order_state;
