-- Valid statements, including a dollar-quoted body with semicolons inside.
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
SELECT 'a;b', "weird;name" FROM (SELECT 1 AS "weird;name") s;
