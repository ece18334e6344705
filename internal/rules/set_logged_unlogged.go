package rules

import "github.com/migguard/migguard/internal/pgparse"

// setLoggedUnlogged flags ALTER TABLE … SET LOGGED / SET UNLOGGED on a
// table that existed before the migration: both rewrite it.
//
//	ALTER TABLE events SET LOGGED;              -- flagged
//	CREATE UNLOGGED TABLE events_load (…);      -- fine: a new table
var setLoggedUnlogged = &Rule{
	ID:       "set-logged-unlogged",
	Peers:    []string{"eugene:E10"},
	Title:    "set logged or set unlogged rewrites the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects:  "`ALTER TABLE … SET LOGGED` and `ALTER TABLE … SET UNLOGGED` on a table that existed before this migration.",
	Why: "Changing persistence writes a new copy of the table and its indexes under ACCESS EXCLUSIVE: every query on " +
		"the table waits for the whole copy. SET LOGGED also writes the entire table to the WAL, a burst that replicas " +
		"and backups must absorb. After SET UNLOGGED the table is no longer replicated and is emptied after a crash.",
	Fix: "Choose persistence when the table is created (`CREATE UNLOGGED TABLE` for a load table, then copy its rows " +
		"into a logged table in batches). If an existing table must change, do it in a maintenance window.",
	Help: "choose the persistence when creating the table, or change it in a maintenance window",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || p.IsNew(at.Relation) {
			return
		}
		for _, c := range at.Cmds {
			switch c.GetAlterTableCmd().GetSubtype() {
			case pgparse.AlterTableType_AT_SetLogged:
				p.ReportWork(at.Relation.Location, WorkRewrite, "SET LOGGED rewrites %q under ACCESS EXCLUSIVE and writes all of it to the WAL",
					displayRel(at.Relation))
			case pgparse.AlterTableType_AT_SetUnLogged:
				p.ReportWork(at.Relation.Location, WorkRewrite, "SET UNLOGGED rewrites %q under ACCESS EXCLUSIVE, and afterwards its rows are neither replicated nor kept after a crash",
					displayRel(at.Relation))
			}
		}
	},
}

func init() { Register(setLoggedUnlogged) }
