package pgparse

import (
	"strings"
	"testing"
	"unsafe"
)

// within reports whether s's bytes lie in buf's.
func within(s, buf string) bool {
	p, b := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(buf)))
	return p >= b && p < b+uintptr(len(buf))
}

// A name read twice is one string, and never shares the text it was read
// from (a kept tree would keep the parser's whole output alive).
func TestNameShared(t *testing.T) {
	text := strings.Repeat("x", 10) + `"created_at_name_test","created_at_name_test"`
	first, second := text[11:31], text[34:54]
	if first != second {
		t.Fatalf("bad test text: %q vs %q", first, second)
	}
	a, b := name(first), name(second)
	if a != first || b != first {
		t.Fatalf("name(%q) = %q, %q", first, a, b)
	}
	if within(a, text) || within(b, text) {
		t.Error("name shares the text it was read from")
	}
	if unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("a name read twice is two strings")
	}
	long := strings.Repeat("y", maxName+1)
	text = long + long
	l1, l2 := name(text[:len(long)]), name(text[len(long):])
	if l1 != long || l2 != long || within(l1, text) || within(l2, text) {
		t.Errorf("a long string is not copied out: %q", l1)
	}
}

// Trees decoded at once from many goroutines hold the names of their own
// text (run with -race).
func TestNameConcurrent(t *testing.T) {
	done := make(chan string)
	for g := range 8 {
		go func() {
			for i := range 2000 {
				col := []string{"id", "created_at", "name", "email"}[(i+g)%4]
				sql := "ALTER TABLE t" + string(rune('a'+g)) + " ADD COLUMN " + col + " int"
				res := Parse(sql)
				if len(res) != 1 || res[0].Err != nil {
					done <- "cannot parse " + sql
					return
				}
				cmd := res[0].Node.GetAlterTableStmt().Cmds[0].GetAlterTableCmd()
				if got := cmd.Def.GetColumnDef().Colname; got != col {
					done <- "column " + got + ", want " + col
					return
				}
				if got := res[0].Node.GetAlterTableStmt().Relation.Relname; got != "t"+string(rune('a'+g)) {
					done <- "table " + got
					return
				}
			}
			done <- ""
		}()
	}
	for range 8 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
