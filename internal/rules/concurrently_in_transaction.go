package rules

import "github.com/migguard/migguard/internal/pgparse"

// concurrentlyInTransaction flags the CONCURRENTLY forms of index builds,
// drops and rebuilds, and DETACH PARTITION … CONCURRENTLY, where they run
// inside a transaction block: PostgreSQL refuses them there.
//
//	BEGIN;
//	CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- flagged
//	COMMIT;
//
//	-- +goose NO TRANSACTION
//	CREATE INDEX CONCURRENTLY users_email_idx ON users (email); -- fine
var concurrentlyInTransaction = &Rule{
	ID:       "concurrently-in-transaction",
	Peers:    []string{"squawk:ban-concurrent-index-creation-in-transaction"},
	Fails:    []Failure{{SQLState: "25001", Fallback: true}},
	Title:    "concurrent operation inside a transaction block fails",
	Severity: Error,
	Detects: "`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX (CONCURRENTLY)` / `REINDEX … CONCURRENTLY` " +
		"and `ALTER TABLE … DETACH PARTITION … CONCURRENTLY` when the statement runs inside a transaction block: a file " +
		"the migration tool wraps in a transaction (goose, dbmate and Atlas by default; Flyway when its detection does " +
		"not see the statement, as for REINDEX TABLE … CONCURRENTLY and DETACH … CONCURRENTLY, or when a script " +
		"configuration sets executeInTransaction=true), an explicit " +
		"BEGIN … COMMIT block, or a file of several statements that the tool sends as one string (golang-migrate), which " +
		"PostgreSQL runs as one implicit transaction. A file run statement by statement (goose `NO TRANSACTION`) and a " +
		"one-statement golang-migrate file are fine. `CREATE INDEX CONCURRENTLY` on a partitioned table is left to " +
		"index-on-partitioned-table, since it fails anywhere. In a DO block these statements fail in any case: PostgreSQL " +
		"does not run them from a function.",
	Why: "These commands commit several transactions of their own while they work (a concurrent build waits for " +
		"older transactions between its phases), so PostgreSQL rejects them inside a transaction block: \"ERROR: " +
		"CREATE INDEX CONCURRENTLY cannot run inside a transaction block\". The migration fails on every deploy, " +
		"after the statements before it may already have run.",
	Fix: "Give the statement a migration of its own that the tool runs outside a transaction: goose " +
		"`-- +goose NO TRANSACTION`, dbmate `-- migrate:up transaction:false`, Atlas `-- atlas:txmode none`, Flyway " +
		"a migration that holds only CREATE/DROP INDEX CONCURRENTLY (Flyway runs it outside a transaction by itself) or " +
		"`executeInTransaction=false` in its V…sql.conf, golang-migrate one statement per file; and drop any BEGIN/COMMIT around it. " +
		"Add `IF NOT EXISTS` / `IF EXISTS` so a retry after a failure is safe.",
	Help: "move the statement to a migration of its own that runs outside a transaction",
	Check: func(p *Pass) {
		if !p.Tx.Open {
			return
		}
		what, loc := concurrentStmt(p)
		if what == "" {
			return
		}
		if do := enclosingBlock(p); do != nil {
			p.Report(loc, "%s fails: it cannot be executed from a function, and it runs %s", what, blockWhere(p, do))
			return
		}
		p.Report(loc, "%s fails: it cannot run inside a transaction block, and %s", what, txReason(p))
	},
}

func init() { Register(concurrentlyInTransaction) }

// concurrentStmt names the statement when it is one of the CONCURRENTLY
// forms that refuse a transaction block, and says where to report it.
func concurrentStmt(p *Pass) (string, int32) {
	switch n := p.Node().GetNode().(type) {
	case *pgparse.Node_IndexStmt:
		idx := n.IndexStmt
		if !idx.Concurrent {
			return "", 0
		}
		if t := p.Table(idx.Relation); t != nil && t.Partitioned && idx.Relation.Inh {
			return "", 0 // index-on-partitioned-table: it fails even outside a transaction
		}
		return "CREATE INDEX CONCURRENTLY " + indexName(idx) + ` on "` + displayRel(idx.Relation) + `"`, idx.Relation.Location
	case *pgparse.Node_DropStmt:
		d := n.DropStmt
		if !d.Concurrent || len(d.Objects) == 0 {
			return "", 0
		}
		return `DROP INDEX CONCURRENTLY "` + displayKey(listKey(d.Objects[0])) + `"`, -1
	case *pgparse.Node_ReindexStmt:
		r := n.ReindexStmt
		if !HasOption(r.Params, "concurrently") {
			return "", 0
		}
		return "REINDEX CONCURRENTLY " + reindexTarget(r), -1
	case *pgparse.Node_AlterTableStmt:
		for _, c := range n.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			pc := cmd.GetDef().GetPartitionCmd()
			if cmd.GetSubtype() == pgparse.AlterTableType_AT_DetachPartition && pc.GetConcurrent() {
				return `DETACH PARTITION "` + displayRel(pc.Name) + `" CONCURRENTLY from "` +
					displayRel(n.AlterTableStmt.Relation) + `"`, pc.Name.GetLocation()
			}
		}
	}
	return "", 0
}

// reindexTarget names what a REINDEX rebuilds: `INDEX "users_email_idx"`.
func reindexTarget(r *pgparse.ReindexStmt) string {
	name := r.Name
	if r.Relation != nil {
		name = displayRel(r.Relation)
	}
	kind := "TABLE"
	switch r.Kind {
	case pgparse.ReindexObjectType_REINDEX_OBJECT_INDEX:
		kind = "INDEX"
	case pgparse.ReindexObjectType_REINDEX_OBJECT_SCHEMA:
		kind = "SCHEMA"
	case pgparse.ReindexObjectType_REINDEX_OBJECT_DATABASE:
		kind = "DATABASE"
	case pgparse.ReindexObjectType_REINDEX_OBJECT_SYSTEM:
		kind = "SYSTEM"
	}
	if name == "" {
		return kind
	}
	return kind + ` "` + name + `"`
}
