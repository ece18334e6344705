-- Before PostgreSQL 17, labels added to a type created in the same transaction are not usable either.
CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood ADD VALUE 'happy';
SELECT 'happy'::mood; -- want "value 'happy' of enum \"mood\""
