package rules

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// Held findings that are kept go back where they were held, in the order
// they were held; dropped ones are gone; what is still held at the end of
// the file is settled with eof set.
func TestHold(t *testing.T) {
	p := &Pass{rule: &Rule{ID: "r"}}
	p.sink = &p.raw
	p.report = func(f Finding) { *p.sink = append(*p.sink, f) }
	say := func(m string) func() { return func() { p.report(Finding{Message: m}) } }
	watchFor := func(word string, v later) func(*pgparse.Stmt) later {
		return func(s *pgparse.Stmt) later {
			if s.Err != nil && s.Err.Message == word {
				return v
			}
			return laterNext
		}
	}
	var settled []bool
	say("a")()
	p.hold(say("kept at the end"), watchFor("never", laterDrop), func(fs []Finding, eof bool) bool {
		settled = append(settled, eof)
		return true
	})
	p.hold(say("dropped"), watchFor("drop", laterDrop), nil)
	say("b")()
	p.hold(say("kept"), watchFor("keep", laterKeep), func(fs []Finding, eof bool) bool {
		settled = append(settled, eof)
		fs[0].Message += " and changed"
		return true
	})
	p.hold(say("settled away"), watchFor("keep", laterKeep), func([]Finding, bool) bool { return false })
	p.hold(func() {}, watchFor("drop", laterDrop), nil) // nothing held
	say("c")()
	if len(p.held) != 4 {
		t.Fatalf("%d held, want 4", len(p.held))
	}
	for _, w := range []string{"other", "drop", "keep", "other"} {
		p.watchHeld(&pgparse.Stmt{Err: &pgparse.SyntaxError{Message: w}})
	}
	if len(p.watching) != 1 {
		t.Fatalf("%d still watching, want 1", len(p.watching))
	}
	p.settleHeld()
	var got []string
	for _, f := range mergeHeld(p.raw, p.held) {
		got = append(got, f.Message)
	}
	want := []string{"a", "kept at the end", "b", "kept and changed", "c"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
	if !reflect.DeepEqual(settled, []bool{false, true}) {
		t.Errorf("settled with eof %v, want [false true]", settled)
	}
}

// A lock held over many statements names the first maxLaterListed of them
// and counts the rest, keeping no text for them.
func TestLaterStatementsCounted(t *testing.T) {
	var names []string
	for i := range maxLaterListed {
		names = append(names, fmt.Sprintf("UPDATE \"t\" on line %d", i+2))
	}
	got := laterStatements(names, 200)
	want := fmt.Sprintf("; 200 later statements also run under this lock: %s and %d more", strings.Join(names, ", "), 200-maxLaterListed)
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := laterStatements(names[:1], 1); got != "; 1 later statement also runs under this lock: "+names[0] {
		t.Errorf("one later statement: %q", got)
	}
}
