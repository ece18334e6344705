-- The statements of a DO block are linted at their own line and column: static ones and EXECUTE of a constant.
CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id bigint, note text);
-- fixture:next-file
DO $$
DECLARE n bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_idx') THEN
    CREATE INDEX users_email_idx ON users (email); -- want "create-index-non-concurrently: creating index \"users_email_idx\" on \"users\""
  ELSE
    SELECT count(*) INTO n FROM users; CREATE INDEX users_note_idx ON users (note); -- want "create-index-non-concurrently: creating index \"users_note_idx\""
  END IF;
  EXECUTE 'CREATE INDEX users_org_idx ON users (org_id) WHERE note <> ''x'''; -- want "create-index-non-concurrently: creating index \"users_org_idx\""
END
$$;
DO LANGUAGE plpgsql 'BEGIN EXECUTE ''CREATE INDEX users_org2_idx ON users (org_id)''; END'; -- want "create-index-non-concurrently: creating index \"users_org2_idx\""
-- A table the block creates is new to the statements after it.
DO $$ BEGIN CREATE TABLE audit (id bigint, at timestamptz); END $$;
CREATE INDEX audit_at_idx ON audit (at);
DO $$ BEGIN CREATE TABLE audit2 (id bigint); CREATE INDEX audit2_idx ON audit2 (id); END $$;
-- A DO block in another language is not PL/pgSQL.
DO LANGUAGE plperl $p$ my $x = 'CREATE INDEX x ON users (email)'; $p$;
