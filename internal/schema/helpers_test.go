package schema_test

import (
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// replay parses sql and applies its statements to a new catalog, all at
// Origin{File: "m.sql", Tx: 1}.
func replay(t testing.TB, sql string) *schema.Catalog {
	t.Helper()
	c := schema.New()
	apply(t, c, sql, schema.Origin{File: "m.sql", Tx: 1})
	return c
}

// apply parses sql and applies its statements to c at origin at.
func apply(t testing.TB, c *schema.Catalog, sql string, at schema.Origin) {
	t.Helper()
	for _, s := range pgparse.Parse(sql) {
		if s.Err != nil {
			t.Fatalf("%s: %v", sql[s.Start:s.End], s.Err)
		}
		c.Apply(s.Node, at)
	}
}
