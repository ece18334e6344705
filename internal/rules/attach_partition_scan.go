package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// attachPartitionScan flags ATTACH PARTITION of an existing table when no
// validated CHECK constraint proves its rows fit the partition bound, so
// PostgreSQL scans the whole table while holding ACCESS EXCLUSIVE on it.
//
//	ALTER TABLE events ATTACH PARTITION events_2025
//	    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');          -- flagged
//
//	ALTER TABLE events_2025 ADD CONSTRAINT events_2025_bound
//	    CHECK (at IS NOT NULL AND at >= '2025-01-01' AND at < '2026-01-01') NOT VALID;
//	-- (next migration)
//	ALTER TABLE events_2025 VALIDATE CONSTRAINT events_2025_bound;
//	ALTER TABLE events ATTACH PARTITION events_2025
//	    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');          -- fine
var attachPartitionScan = &Rule{
	ID:       "attach-partition-scan",
	Fails:    []Failure{{SQLState: "23514"}},
	Title:    "attach partition scans the table while blocking all access to it",
	Severity: Warning,
	Lock:     "ACCESS EXCLUSIVE on the partition (and the DEFAULT partition) + scan; SHARE UPDATE EXCLUSIVE on the parent",
	Detects: "`ALTER TABLE parent ATTACH PARTITION t FOR VALUES …` when t existed before this migration and the schema " +
		"replayed from earlier migrations knows no validated CHECK constraint on t that implies the bound (PostgreSQL " +
		"needs the key column NOT NULL, or `CHECK (key IS NOT NULL)`, plus comparisons within the range or an IN list " +
		"within the values; hash bounds cannot be proven this way). Also an ATTACH … DEFAULT of an existing table when " +
		"the parent has other partitions, and any ATTACH to a parent whose DEFAULT partition existed before the " +
		"migration, which PostgreSQL scans for rows that belong in the new partition. CHECK constraints in forms the " +
		"proof does not follow (OR, functions, constants it cannot order) get the benefit of the doubt.",
	Why: "Before making t a partition, PostgreSQL reads every row of it to check that it fits the bound, holding " +
		"ACCESS EXCLUSIVE on t: every query on t waits, for as long as a full table scan takes. It skips the scan only " +
		"when t's validated CHECK constraints and NOT NULL columns already imply the partition constraint. A DEFAULT " +
		"partition is locked and scanned the same way whenever a partition is attached beside it.",
	Fix: "Before attaching, `ALTER TABLE t ADD CONSTRAINT t_bound CHECK (key IS NOT NULL AND key >= 'lo' AND key < 'hi') " +
		"NOT VALID;`, then `ALTER TABLE t VALIDATE CONSTRAINT t_bound;` (SHARE UPDATE EXCLUSIVE: reads and writes go " +
		"on), then ATTACH, which now skips the scan; drop the constraint afterwards if you like. With a DEFAULT " +
		"partition, give it a validated CHECK excluding the new range, or move its rows out first.",
	Versions: "Since PostgreSQL 12 ATTACH takes only SHARE UPDATE EXCLUSIVE on the parent; PostgreSQL 11 takes " +
		"ACCESS EXCLUSIVE on the parent too, blocking the whole partitioned table during the scan.",
	Help: "add a CHECK matching the bound NOT VALID, VALIDATE it, then ATTACH PARTITION",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil {
			return
		}
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			pc := cmd.GetDef().GetPartitionCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_AttachPartition || pc.GetName() == nil || pc.GetBound() == nil {
				continue
			}
			checkAttach(p, at.Relation, pc)
		}
	},
}

func init() { Register(attachPartitionScan) }

// checkAttach reports the scans of one ATTACH PARTITION.
func checkAttach(p *Pass, parentRV *pgparse.RangeVar, pc *pgparse.PartitionCmd) {
	parent := p.Table(parentRV)
	child, name := pc.Name, displayRel(pc.Name)
	var why []string
	if !p.IsNew(child) {
		if reason := attachScanReason(p, parent, child, pc.Bound); reason != "" {
			why = append(why, "scans all of "+quoteName(name)+" under ACCESS EXCLUSIVE to check its rows fit the bound: "+reason)
		}
	}
	if d := defaultPartition(p, relKey(parentRV)); d != nil && !pc.Bound.IsDefault && !p.Tx.IsNew(d.Key()) {
		why = append(why, "scans DEFAULT partition "+quoteName(displayKey(d.Key()))+" under ACCESS EXCLUSIVE for rows that belong in "+quoteName(name))
	}
	if len(why) == 0 {
		return
	}
	msg := "attaching " + quoteName(name) + " to " + quoteName(displayRel(parentRV)) + " " + strings.Join(why, "; it also ")
	if !p.PG.AtLeast(12, 0) {
		msg += "; PostgreSQL " + p.PG.String() + " also blocks every query on " + quoteName(displayRel(parentRV)) + " meanwhile"
	}
	p.ReportWork(child.Location, WorkScan, "%s", msg)
}

// attachScanReason says why PostgreSQL must scan the attached table, ""
// when its constraints prove the bound (or might: see boundUnsure).
func attachScanReason(p *Pass, parent *schema.Table, child *pgparse.RangeVar, b *pgparse.PartitionBoundSpec) string {
	t := p.Table(child)
	if t == nil {
		if checkAddedEarlier(p, relKey(child)) {
			return ""
		}
		return "no validated CHECK constraint is known on it"
	}
	if b.IsDefault {
		if parent != nil && len(p.Catalog.Partitions(parent.Key())) == 0 {
			return "" // nothing to exclude yet
		}
		return "as the DEFAULT partition, none of its rows may belong in another partition"
	}
	if b.Strategy == "h" {
		return "a CHECK constraint cannot prove a hash partition bound"
	}
	var key []string
	if parent != nil {
		key = parent.PartitionKey
	}
	if len(key) != 1 || strings.HasPrefix(key[0], "(") {
		// Unknown, multi-column or expression key: only the absence of any
		// validated CHECK is certain.
		for _, con := range t.Constraints {
			if con.Kind == schema.Check && con.Validated {
				return ""
			}
		}
		return "it has no validated CHECK constraint"
	}
	f := checkFacts(t, key[0])
	var v verdict
	var reason string
	if b.Strategy == "l" {
		v, reason = f.listImplied(b.Listdatums)
	} else {
		v, reason = f.rangeImplied(rangeDatum(b.Lowerdatums), rangeDatum(b.Upperdatums))
	}
	switch v {
	case boundUnproven:
		return "no validated CHECK constraint on it limits " + quoteName(key[0])
	case boundMismatch:
		return "its validated CHECK constraints (\"" + strings.Join(f.mentions, "\", \"") + "\") do not prove it: " + reason
	}
	return ""
}

// rangeDatum returns the single datum of a range bound side, nil for
// MINVALUE/MAXVALUE (no limit on that side).
func rangeDatum(ds []*pgparse.Node) *pgparse.Node {
	if len(ds) != 1 {
		return nil
	}
	d := ds[0]
	if prd := d.GetPartitionRangeDatum(); prd != nil {
		d = prd.Value
	}
	if cr := d.GetColumnRef(); cr != nil {
		return nil // MINVALUE, MAXVALUE
	}
	return d
}

// checkAddedEarlier reports whether an earlier statement of this file adds a
// CHECK constraint to a table the catalog does not know.
func checkAddedEarlier(p *Pass, key string) bool {
	return createdInFile(p).checked[key]
}
