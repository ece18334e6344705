CREATE DOMAIN positive AS integer;
CREATE TABLE orders (id bigint PRIMARY KEY, qty positive);
-- fixture:next-file
-- NOT VALID checks new and updated values only: no scan.
ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0) NOT VALID;

-- Defaults, DROP NOT NULL and dropping a constraint check nothing.
ALTER DOMAIN positive SET DEFAULT 1;
ALTER DOMAIN positive DROP NOT NULL;
ALTER DOMAIN positive DROP CONSTRAINT IF EXISTS positive_old;

-- A domain created in the same migration holds no stored value yet.
CREATE DOMAIN percent AS integer;
ALTER DOMAIN percent ADD CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
ALTER DOMAIN percent SET NOT NULL;
