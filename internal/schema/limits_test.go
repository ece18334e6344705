package schema_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// columnLimitSteps are statements around PostgreSQL's limit of 1,600
// columns a table, each with whether PostgreSQL refuses it (54011).
func columnLimitSteps() []struct {
	sql    string
	refuse bool
} {
	type step = struct {
		sql    string
		refuse bool
	}
	var steps []step
	add := func(sql string, refuse bool) { steps = append(steps, step{sql, refuse}) }
	add("create table wide (c0 int)", false)
	for i := 1; i < 1598; i++ {
		add(fmt.Sprintf("alter table wide add column c%d int", i), false)
	}
	// 1,598 columns: two more fit, three do not, and the statement fails
	// as a whole.
	add("alter table wide add column x1 int, add column x2 int, add column x3 int", true)
	add("alter table wide add column x1 int, add column x2 int", false)
	add("alter table wide add column x3 int", true)
	// A dropped column keeps counting.
	add("alter table wide drop column c7", false)
	add("alter table wide add column c7 int", true)
	add("alter table wide add column if not exists c8 int", false) // c8 exists: a no-op
	var cols []string
	for i := 0; i < 1601; i++ {
		cols = append(cols, fmt.Sprintf("d%d int", i))
	}
	add("create table too_wide ("+strings.Join(cols, ", ")+")", true)
	add("create table just_wide ("+strings.Join(cols[:1600], ", ")+")", false)
	add("create table wider (extra int) inherits (just_wide)", true)
	add("create table same (d0 int) inherits (just_wide)", false)
	return steps
}

// The replay refuses what PostgreSQL refuses for too many columns, dropped
// columns included, and leaves the catalog as it was.
func TestColumnLimit(t *testing.T) {
	c := schema.New()
	for _, st := range columnLimitSteps() {
		before := c.Dump()
		apply(t, c, st.sql, schema.Origin{File: "m.sql", Tx: 1})
		noop := strings.Contains(st.sql, "if not exists")
		if changed := c.Dump() != before; changed == (st.refuse || noop) {
			t.Fatalf("%.60s: catalog changed = %v, PostgreSQL refuses it = %v", st.sql, changed, st.refuse)
		}
	}
	wide := c.Table("public", "wide")
	if len(wide.Columns) != 1599 || wide.Attributes() != 1600 {
		t.Errorf("wide has %d columns, %d attributes; want 1599 and 1600", len(wide.Columns), wide.Attributes())
	}
	if c.Table("public", "too_wide") != nil || c.Table("public", "wider") != nil {
		t.Error("a table of more than 1600 columns was created")
	}
}

// PostgreSQL refuses exactly the statements of columnLimitSteps that say
// so, with 54011.
func TestColumnLimitMatchesPostgres(t *testing.T) {
	url := os.Getenv("MIGGUARD_PG_URL")
	if url == "" {
		t.Skip("MIGGUARD_PG_URL is not set; to compare with a server run: eval \"$(.ci/pg-start)\"")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	sch := fmt.Sprintf("migguard_limit_%d", os.Getpid())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+sch+"; SET search_path = "+sch); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "DROP SCHEMA "+sch+" CASCADE")
	for _, st := range columnLimitSteps() {
		_, err := conn.Exec(ctx, st.sql)
		var pe *pgconn.PgError
		switch {
		case st.refuse && !(errors.As(err, &pe) && pe.Code == "54011"):
			t.Fatalf("%.60s: PostgreSQL says %v, want 54011", st.sql, err)
		case !st.refuse && err != nil:
			t.Fatalf("%.60s: %v", st.sql, err)
		}
	}
}

// Replaying ADD COLUMN is linear: 100,000 of them on one table (most
// refused past the limit) take a moment, where a lookup of every column
// among all the earlier ones took minutes.
func TestAddColumnReplayIsLinear(t *testing.T) {
	stmt := pgparse.Parse("alter table t add column c int")[0].Node
	cd := stmt.GetAlterTableStmt().Cmds[0].GetAlterTableCmd().Def.GetColumnDef()
	c := replay(t, "create table t (id int)")
	start := time.Now()
	for i := 0; i < 100_000; i++ {
		cd.Colname = fmt.Sprintf("c%d", i)
		c.Apply(stmt, schema.Origin{File: "m.sql", Tx: 1})
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("100,000 ADD COLUMNs took %s", d)
	}
	if n := len(c.Table("public", "t").Columns); n != schema.MaxColumns {
		t.Errorf("t has %d columns, want %d", n, schema.MaxColumns)
	}
}
