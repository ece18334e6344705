-- Statements the parser reads are analysed as usual.
ALTER TABLE users ADD COLUMN IF NOT EXISTS note text;
