package rules

import "github.com/migguard/migguard/internal/pgparse"

// vacuumFullOrCluster flags VACUUM FULL and CLUSTER on tables that existed
// before the migration: both rewrite the table under ACCESS EXCLUSIVE.
//
//	VACUUM FULL orders;               -- flagged
//	CLUSTER orders USING orders_pkey; -- flagged
//	VACUUM (ANALYZE) orders;          -- fine
var vacuumFullOrCluster = &Rule{
	ID:       "vacuum-full-or-cluster",
	Peers:    []string{"squawk:prefer-repack", "eugene:E10"},
	Title:    "vacuum full or cluster rewrites the table while blocking all access",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`VACUUM FULL` (also `VACUUM (FULL)`) and `CLUSTER` on a table that existed before this migration, " +
		"and both without a table name, which work through every table of the database.",
	Why: "Both write a new copy of the table and of all its indexes while holding ACCESS EXCLUSIVE: every query on the " +
		"table, reads included, waits until the copy is done, which takes minutes to hours on a large table and needs " +
		"free disk space for a second copy. VACUUM FULL also cannot run inside a transaction block.",
	Fix: "Keep table maintenance out of migrations. To give space back online use pg_repack or pg_squeeze, which copy " +
		"the table without holding the lock for the whole copy; plain VACUUM (no FULL) makes the space reusable without " +
		"blocking. If a rewrite is unavoidable, run it by hand in a maintenance window.",
	Versions: "PostgreSQL 19 adds REPACK, whose CONCURRENTLY form rewrites a table without blocking reads and writes.",
	Help:     "use pg_repack or pg_squeeze, or plain VACUUM, instead of rewriting the table in a migration",
	Check: func(p *Pass) {
		switch n := p.Node().GetNode().(type) {
		case *pgparse.Node_VacuumStmt:
			checkVacuumFull(p, n.VacuumStmt)
		case *pgparse.Node_ClusterStmt:
			cl := n.ClusterStmt
			switch {
			case cl.Relation == nil:
				p.ReportWork(-1, WorkRewrite, "CLUSTER without a table rewrites every table clustered before, each under ACCESS EXCLUSIVE")
			case !p.IsNew(cl.Relation):
				p.ReportWork(cl.Relation.Location, WorkRewrite, "CLUSTER rewrites %q in index order under ACCESS EXCLUSIVE: every query on it waits until the copy is done",
					displayRel(cl.Relation))
			}
		}
	},
}

func init() { Register(vacuumFullOrCluster) }

// checkVacuumFull reports a VACUUM FULL of pre-existing tables.
func checkVacuumFull(p *Pass, v *pgparse.VacuumStmt) {
	if !v.IsVacuumcmd || !HasOption(v.Options, "full") {
		return
	}
	if len(v.Rels) == 0 {
		p.ReportWork(-1, WorkRewrite, "VACUUM FULL without a table rewrites every table of the database, each under ACCESS EXCLUSIVE")
		return
	}
	for _, r := range v.Rels {
		rv := r.GetVacuumRelation().GetRelation()
		if rv == nil || p.IsNew(rv) {
			continue
		}
		p.ReportWork(rv.Location, WorkRewrite, "VACUUM FULL rewrites %q under ACCESS EXCLUSIVE: every query on it waits until the copy is done",
			displayRel(rv))
	}
}
