package rules

// indexOnPartitionedTable flags CREATE INDEX on a partitioned table
// (without ONLY): it builds the index on every partition in one statement,
// and it cannot be done CONCURRENTLY.
//
//	CREATE INDEX events_at_idx ON events (at);          -- flagged
//
//	CREATE INDEX events_at_idx ON ONLY events (at);     -- fine: an invalid stub, then per partition:
//	CREATE INDEX CONCURRENTLY events_2026_at_idx ON events_2026 (at);
//	ALTER INDEX events_at_idx ATTACH PARTITION events_2026_at_idx;
var indexOnPartitionedTable = &Rule{
	ID:       "index-on-partitioned-table",
	Title:    "index on a partitioned table locks every partition",
	Severity: Warning,
	Lock:     "SHARE on the partitioned table and on every partition",
	Detects: "`CREATE INDEX` without `ONLY` on a table that the schema replayed from earlier migrations knows to be " +
		"partitioned (`PARTITION BY`), when it or one of its partitions existed before this migration; and " +
		"`CREATE INDEX CONCURRENTLY` on a partitioned table anywhere, which PostgreSQL rejects.",
	Why: "An index on a partitioned table is built on every partition by the one statement, and the SHARE lock it " +
		"takes on each partition is held until the statement's transaction ends: writes to the whole table wait for " +
		"the total build time of all partitions. CONCURRENTLY is not available for it: \"cannot create index on " +
		"partitioned table concurrently\".",
	Fix: "Create the parent index as an invalid stub with `CREATE INDEX idx ON ONLY parent (…)` (instant), build the " +
		"index of each partition with `CREATE INDEX CONCURRENTLY` in migrations that run outside a transaction, then " +
		"`ALTER INDEX idx ATTACH PARTITION partition_idx` for each; the parent index becomes valid once every " +
		"partition has one attached.",
	Versions: "Indexes on partitioned tables exist from PostgreSQL 11; PostgreSQL 10 rejects them (index each " +
		"partition instead).",
	Help: "CREATE INDEX … ON ONLY the parent, build each partition's index CONCURRENTLY, then ALTER INDEX … ATTACH PARTITION",
	Check: func(p *Pass) {
		idx := p.Node().GetIndexStmt()
		if idx == nil || idx.Relation == nil || !idx.Relation.Inh {
			return
		}
		t := p.Table(idx.Relation)
		if t == nil || !t.Partitioned {
			return
		}
		name, loc := displayRel(idx.Relation), idx.Relation.Location
		switch {
		case !p.PG.AtLeast(11, 0):
			p.Report(loc, "creating index %s on partitioned table %q fails: PostgreSQL %s cannot index a partitioned table, only its partitions",
				indexName(idx), name, p.PG)
			return
		case idx.Concurrent:
			p.Report(loc, "CREATE INDEX CONCURRENTLY %s on partitioned table %q fails: PostgreSQL cannot build an index on a partitioned table concurrently",
				indexName(idx), name)
			return
		}
		parts := existingPartitions(p, t)
		if p.IsNew(idx.Relation) && len(parts) == 0 {
			return
		}
		which := "every partition"
		if len(parts) > 0 {
			which = "every partition (known: " + quotedTables(parts, 3) + ")"
		}
		p.Report(loc, "creating index %s on partitioned table %q builds it on %s in one statement, holding SHARE on each: writes to %q wait for the whole build",
			indexName(idx), name, which, name)
	},
}

func init() { Register(indexOnPartitionedTable) }
