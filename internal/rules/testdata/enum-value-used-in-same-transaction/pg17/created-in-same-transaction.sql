-- From PostgreSQL 17, labels added to a type created in the same transaction are usable at once.
CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood ADD VALUE 'happy';
SELECT 'happy'::mood;
CREATE TABLE people (id bigint, mood mood DEFAULT 'happy');
