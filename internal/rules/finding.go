package rules

import (
	"sort"

	"github.com/migguard/migguard/internal/pgparse"
)

// Finding is one problem found in a migration.
type Finding struct {
	Rule     string
	Severity Severity
	Path     string
	Pos      pgparse.Pos // where the offending node starts
	End      pgparse.Pos // where the offending statement ends
	Offset   int         // byte offset of Pos in the file
	Message  string      // lower-case, no trailing period, names the object
	Help     string      // one line with the fix, may be empty
	Lock     string      // lock taken, may be empty
	// Work is what the finding says the statement does with the rows of
	// the relation it names (a scan, a rewrite…), as statementWork
	// decides it; WorkNone when the finding says nothing about it.
	Work Work
	// Table is the catalog key (schema.name) of the existing table whose
	// lock or work the finding names, "" when it names none or the table
	// was created earlier in the file; TableWork is what the statement does
	// with that table's rows while it holds the lock: Work, or when the
	// finding names none, the statement's slowest work there (see
	// findingTable).
	Table     string
	TableWork Work
}

// SortFindings orders findings by file, position and rule.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Rule < b.Rule
	})
}
