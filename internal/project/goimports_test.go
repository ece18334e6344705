package project

import "testing"

func TestDialectOfImports(t *testing.T) {
	for _, tc := range []struct {
		imports []string
		want    Engine
		found   bool
	}{
		{[]string{"context", "github.com/uptrace/go-clickhouse/ch", "github.com/uptrace/go-clickhouse/chmigrate"}, ClickHouse, true},
		{[]string{"database/sql", "github.com/jackc/pgx/v5/stdlib"}, PostgreSQL, true},
		{[]string{"database/sql", "github.com/mattn/go-sqlite3", "github.com/lib/pq"}, "", false},
		{[]string{"database/sql", "github.com/pressly/goose/v3"}, "", false},
	} {
		d, found := DialectOfImports(tc.imports)
		if found != tc.found || d.Engine != tc.want {
			t.Errorf("%v: %v %v, want %s %v", tc.imports, d, found, tc.want, tc.found)
		}
	}
}
