package stats

import (
	"time"

	"github.com/migguard/migguard/internal/rules"
)

// MB is a mebibyte, the unit of sizes and rates here (as PostgreSQL's
// pg_size_pretty and its memory settings count).
const MB = 1 << 20

// The rates at which Estimate reckons that PostgreSQL works through a
// table, in bytes per second. They are rules of thumb for a production
// server on network storage (an AWS gp3 volume gives 125 MB/s, a busy
// server shares its disks and CPU), deliberately on the slow side: an
// estimate is to tell a 50 ms lock from a 5-minute one, not to time it.
// The README's "Risk by table size" states the same numbers.
const (
	// ScanRate is a pass that reads every row to check it and writes
	// nothing: validating a CHECK or foreign key, SET NOT NULL. It reads
	// the table and its TOAST (Table.DataBytes). A foreign key's check
	// joins the referenced table too, so it can be slower.
	ScanRate = 100 * MB
	// BuildRate is an index build: reading the table (DataBytes), sorting
	// the keys and writing and WAL-logging the index.
	BuildRate = 50 * MB
	// RewriteRate is a rewrite (ALTER COLUMN TYPE, a volatile default,
	// VACUUM FULL, CLUSTER, SET TABLESPACE) or a change of every row
	// (UPDATE or DELETE without WHERE, a copy, REFRESH MATERIALIZED VIEW):
	// the whole table with its TOAST and indexes (TotalBytes) is read,
	// written again and WAL-logged.
	RewriteRate = 25 * MB
)

// Estimate returns how long work of kind w takes on table t at the rates
// above, and the rate used; false when the work does not grow with the
// table (a catalog change, a wait).
func Estimate(t *Table, w rules.Work) (time.Duration, int64, bool) {
	var bytes, rate int64
	switch w {
	case rules.WorkScan:
		bytes, rate = t.DataBytes(), ScanRate
	case rules.WorkBuild:
		bytes, rate = t.DataBytes(), BuildRate
	case rules.WorkRewrite, rules.WorkRows:
		bytes, rate = t.TotalBytes, RewriteRate
	default:
		return 0, 0, false
	}
	return time.Duration(float64(bytes) / float64(rate) * float64(time.Second)), rate, true
}
