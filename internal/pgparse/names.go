package pgparse

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
)

// Parse trees hold their names (of tables, columns, types, constraints) as
// strings of their own, and the replayed schema keeps them for the whole
// run. Most repeat: id and created_at in every table, a table's name in
// each statement that alters it. Strings up to maxName bytes go through a
// table of recent ones, so that a long run keeps one copy of a name, not
// one per mention, and allocates less.

// maxName is the longest string looked up: PostgreSQL's identifiers are
// at most 63 bytes.
const maxName = 63

// recentNames holds, in slots chosen by hash, a string met before; a new
// one takes the slot. Parsers running at once share it: a slot is read
// and written whole.
var recentNames [1 << 12]atomic.Pointer[string]

var namesSeed = maphash.MakeSeed()

// name returns a string equal to b that does not share b's memory: one
// met before when its slot still holds it.
func name(b string) string {
	if len(b) > maxName {
		return strings.Clone(b)
	}
	slot := &recentNames[maphash.String(namesSeed, b)&(uint64(len(recentNames))-1)]
	if p := slot.Load(); p != nil && *p == b {
		return *p
	}
	s := strings.Clone(b)
	slot.Store(&s)
	return s
}
