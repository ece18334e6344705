package schema_test

import (
	"testing"

	"github.com/migguard/migguard/internal/schema"
)

func TestFunctionVolatility(t *testing.T) {
	c := replay(t, `
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;
CREATE FUNCTION app.slug(t text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ SELECT lower(t) $$;
CREATE FUNCTION tenant() RETURNS int STABLE LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION pick(a int) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT a $$;
CREATE FUNCTION pick(a text) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT 1 $$;
ALTER FUNCTION pick(text) VOLATILE;
CREATE OR REPLACE FUNCTION tenant() RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT 2 $$;
CREATE FUNCTION gone() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION gone;
CREATE FUNCTION old_name() RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT 1 $$;
ALTER FUNCTION old_name() RENAME TO new_name;
CREATE FUNCTION moved(integer) RETURNS int IMMUTABLE LANGUAGE sql AS $$ SELECT 1 $$;
ALTER FUNCTION moved(int4) SET SCHEMA util;
`)
	for _, tc := range []struct {
		schema, name string
		want         byte
	}{
		{"public", "next_code", 'v'},
		{"app", "slug", 'i'},
		{"public", "slug", 0},
		{"public", "tenant", 'i'},
		{"public", "pick", 'v'},
		{"public", "gone", 0},
		{"public", "old_name", 0},
		{"public", "new_name", 'i'},
		{"public", "moved", 0},
		{"util", "moved", 'i'},
		{"public", "unknown", 0},
	} {
		if got := c.FunctionVolatility(tc.schema, tc.name); got != tc.want {
			t.Errorf("FunctionVolatility(%s.%s) = %q, want %q", tc.schema, tc.name, got, tc.want)
		}
	}
	if fs := c.Function("public", "pick"); len(fs) != 2 || fs[0].Args != "int4" || fs[1].Args != "text" {
		t.Errorf("overloads of pick = %+v", fs)
	}
	cp := c.Clone()
	apply(t, cp, `DROP FUNCTION next_code();`, schema.Origin{File: "n.sql", Tx: 2})
	if cp.FunctionVolatility("public", "next_code") != 0 || c.FunctionVolatility("public", "next_code") != 'v' {
		t.Error("Clone shares the function catalog")
	}
}
