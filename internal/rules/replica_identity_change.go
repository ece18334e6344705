package rules

import "github.com/migguard/migguard/internal/pgparse"

// replicaIdentityChange flags REPLICA IDENTITY FULL and NOTHING on a table
// that existed before the migration.
//
//	ALTER TABLE orders REPLICA IDENTITY FULL;                         -- flagged
//	ALTER TABLE orders REPLICA IDENTITY USING INDEX orders_ref_key;  -- fine
var replicaIdentityChange = &Rule{
	ID:       "replica-identity-change",
	Title:    "replica identity full or nothing changes what logical replication can do",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … REPLICA IDENTITY FULL` and `… REPLICA IDENTITY NOTHING` on a table that existed before this " +
		"migration (DEFAULT and USING INDEX are left alone).",
	Why: "FULL makes every UPDATE and DELETE write the whole old row to the WAL, which multiplies WAL volume on a busy " +
		"table and makes subscribers find rows by a full scan when the table has no usable index. NOTHING removes the " +
		"old-row key: while the table is in a publication that publishes updates or deletes, every UPDATE and DELETE on " +
		"it fails. The change also takes a brief ACCESS EXCLUSIVE lock, which queues behind running transactions.",
	Fix: "Prefer `REPLICA IDENTITY USING INDEX <unique index on NOT NULL columns>` or a primary key. If FULL is needed " +
		"(for example by a change-data-capture consumer), check WAL headroom and the subscribers first, and set " +
		"`lock_timeout` before the ALTER.",
	Help: "prefer a primary key or REPLICA IDENTITY USING INDEX, and check the replication consumers",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || p.Created(at.Relation) {
			return
		}
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_ReplicaIdentity {
				continue
			}
			switch cmd.GetDef().GetReplicaIdentityStmt().GetIdentityType() {
			case "f":
				p.Report(at.Relation.Location, "REPLICA IDENTITY FULL on %q makes every UPDATE and DELETE write the whole old row to the WAL",
					displayRel(at.Relation))
			case "n":
				p.Report(at.Relation.Location, "REPLICA IDENTITY NOTHING on %q makes every UPDATE and DELETE fail while the table is published for them",
					displayRel(at.Relation))
			}
		}
	},
}

func init() { Register(replicaIdentityChange) }
