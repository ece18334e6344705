package rules

import "github.com/migguard/migguard/internal/pgparse"

// setAccessMethod flags ALTER TABLE … SET ACCESS METHOD on a table that
// existed before the migration, which rewrites it (PostgreSQL 15+), and the
// statement itself on versions that do not have it.
//
//	ALTER TABLE events SET ACCESS METHOD columnar; -- flagged
//	CREATE TABLE events_v2 (…) USING columnar;      -- fine
var setAccessMethod = &Rule{
	ID:       "set-access-method",
	Peers:    []string{"eugene:E10"},
	Title:    "set access method rewrites the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE|MATERIALIZED VIEW … SET ACCESS METHOD` on a relation that existed before this migration, " +
		"unless the migrations show that it already uses that method (heap for a table created without USING): " +
		"PostgreSQL then changes nothing.",
	Why: "Changing the table access method writes every row into the new storage format under ACCESS EXCLUSIVE: every " +
		"query on the table, reads included, waits for the whole rewrite.",
	Fix: "Create a new table with `USING <method>`, copy the rows in batches, and switch over (rename, or a view), " +
		"or change it by hand in a maintenance window.",
	Versions: "SET ACCESS METHOD exists from PostgreSQL 15: on older servers the statement fails. From PostgreSQL 17 " +
		"it is allowed on a partitioned table, where it only sets the method of future partitions and rewrites nothing.",
	Help: "copy into a new table created USING the method, or change it in a maintenance window",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil {
			return
		}
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_SetAccessMethod {
				continue
			}
			checkSetAccessMethod(p, at.Relation, cmd.Name)
		}
	},
}

func init() { Register(setAccessMethod) }

func checkSetAccessMethod(p *Pass, rel *pgparse.RangeVar, method string) {
	if !p.PG.AtLeast(15, 0) {
		p.Report(rel.Location, "SET ACCESS METHOD on %q needs PostgreSQL 15 or later: this migration fails on %s",
			displayRel(rel), p.PG)
		return
	}
	if p.IsNew(rel) {
		return
	}
	t := p.Table(rel)
	if t != nil && t.Partitioned && p.PG.AtLeast(17, 0) {
		return
	}
	if t != nil && accessMethodOrHeap(t.AccessMethod) == accessMethodOrHeap(method) {
		return // PostgreSQL keeps the table as it is: no rewrite
	}
	if method == "" {
		method = "default"
	}
	p.ReportWork(rel.Location, WorkRewrite, "SET ACCESS METHOD %q rewrites %q under ACCESS EXCLUSIVE: every query on it waits for the whole rewrite",
		method, displayRel(rel))
}

// accessMethodOrHeap is a table access method, "" (the default) read as
// heap, PostgreSQL's default_table_access_method unless a server changes it.
func accessMethodOrHeap(m string) string {
	if m == "" || m == "default" {
		return "heap"
	}
	return m
}
