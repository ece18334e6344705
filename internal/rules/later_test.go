package rules

import (
	"reflect"
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
