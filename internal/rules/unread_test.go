package rules

import (
	"testing"

	"github.com/migguard/migguard/internal/migrations"
)

// After SQL that migguard cannot read (migrations.File.Unread), a table
// the schema does not know may have been created by it: it is new to every
// rule, lock and timeout rules included. Without the unread SQL the same
// statement is judged against a table others use.
func TestUnreadMakesUnknownTablesNew(t *testing.T) {
	const src = "\nCREATE INDEX audit_id_idx ON audit (id)\n;"
	for _, tc := range []struct {
		unread []int
		want   int
	}{{[]int{0}, 0}, {nil, 3}} {
		f := &migrations.File{Path: "m.go", Src: src, Up: src, Tx: migrations.TxWrapped, Unread: tc.unread}
		if tc.unread != nil {
			f.Notes = []migrations.Problem{{Offset: 0, Message: "SQL built at run time is not analysed"}}
		}
		var got []string
		for _, fd := range LintSet(&migrations.Set{Files: []*migrations.File{f}}, Options{}).Findings {
			if fd.Rule != notAnalysed.ID {
				got = append(got, fd.Rule)
			}
		}
		if len(got) != tc.want {
			t.Errorf("unread %v: findings %v, want %d", tc.unread, got, tc.want)
		}
	}
}
