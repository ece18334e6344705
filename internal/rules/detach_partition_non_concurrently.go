package rules

import "github.com/migguard/migguard/internal/pgparse"

// detachPartitionNonConcurrently flags DETACH PARTITION without
// CONCURRENTLY from a partitioned table that existed before the migration,
// on PostgreSQL 14 and later.
//
//	ALTER TABLE events DETACH PARTITION events_2024;               -- flagged
//	ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;  -- fine
var detachPartitionNonConcurrently = &Rule{
	ID:       "detach-partition-non-concurrently",
	Peers:    []string{"squawk:require-concurrent-partition-detach"},
	Title:    "partition detached without CONCURRENTLY blocks all access to the partitioned table",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE on the partitioned table and the partition",
	Detects: "`ALTER TABLE parent DETACH PARTITION child` without `CONCURRENTLY` when the partitioned table existed " +
		"before this migration, on PostgreSQL 14 or later. A partitioned table known to have a DEFAULT partition is " +
		"left alone, since PostgreSQL refuses to detach concurrently from it; so is `DETACH … FINALIZE`.",
	Why: "A plain DETACH takes ACCESS EXCLUSIVE on the partitioned table and on the partition. Its request waits " +
		"behind every running query on any partition, and every query on the whole table queues behind it, reads " +
		"included; in a wrapped migration the lock is held until the transaction commits.",
	Fix: "`ALTER TABLE parent DETACH PARTITION child CONCURRENTLY;` in a migration the tool does not wrap in a " +
		"transaction: it takes only SHARE UPDATE EXCLUSIVE on the parent and waits for running queries instead of " +
		"blocking new ones. If it is interrupted, finish it with `ALTER TABLE parent DETACH PARTITION child FINALIZE`.",
	Versions: "DETACH PARTITION … CONCURRENTLY exists from PostgreSQL 14; before it there is no non-blocking detach, " +
		"and the rule is silent.",
	Help: "use DETACH PARTITION … CONCURRENTLY in a migration that runs outside a transaction",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || !p.PG.AtLeast(14, 0) || p.IsNew(at.Relation) {
			return
		}
		// The DEFAULT partition is looked for at the first plain DETACH:
		// the lookup reads every table when the parent is not known.
		looked, hasDefault := false, false
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			pc := cmd.GetDef().GetPartitionCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_DetachPartition || pc == nil || pc.Concurrent {
				continue
			}
			if !looked {
				looked, hasDefault = true, hasDefaultPartition(p, at.Relation)
			}
			if hasDefault {
				return
			}
			p.Report(pc.GetName().GetLocation(), "detaching partition %q without CONCURRENTLY takes ACCESS EXCLUSIVE on %q: every query on the partitioned table, reads included, queues until it commits",
				displayRel(pc.Name), displayRel(at.Relation))
		}
	},
}

func init() { Register(detachPartitionNonConcurrently) }

// hasDefaultPartition reports whether the catalog knows a DEFAULT
// partition of the table.
func hasDefaultPartition(p *Pass, rv *pgparse.RangeVar) bool {
	return defaultPartition(p, relKey(rv)) != nil
}
