-- A well-formed ignore with a reason.
-- migguard:ignore create-index-non-concurrently b has a dozen rows
CREATE INDEX b_idx ON b (x);
