-- In a DO block, SQL built at run time and a body PL/pgSQL's parser does not read are not analysed.
CREATE TABLE users (id bigint PRIMARY KEY, email text);
DO $$
DECLARE t text := 'users';
BEGIN
  EXECUTE 'ALTER TABLE users ADD COLUMN IF NOT EXISTS note text';
  EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS org_id bigint', t); -- want "not-analysed: EXECUTE of SQL built at run time on line 7 is not analysed"
  EXECUTE
    'ALTER TABLE ' || quote_ident(t) || ' ADD COLUMN IF NOT EXISTS team_id bigint'; -- want "not-analysed: EXECUTE of SQL built at run time on line 9"
END
$$;
DO $$ BEGIN FOR r IN SELECT 1 LOOP NULL; END LOOP; END $$; -- want "not-analysed: the body of this DO block is not analysed: PL/pgSQL's parser does not read it"
