package apply

import (
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

func TestClaimedModes(t *testing.T) {
	cases := []struct {
		lock  string
		modes []string
		anyOf bool
	}{
		{"ACCESS EXCLUSIVE", []string{"AccessExclusiveLock"}, false},
		{"SHARE ROW EXCLUSIVE (both tables)", []string{"ShareRowExclusiveLock"}, false},
		{"SHARE on the table, ACCESS EXCLUSIVE on each index", []string{"ShareLock", "AccessExclusiveLock"}, false},
		{"ACCESS EXCLUSIVE or SHARE ROW EXCLUSIVE, already held by the transaction", []string{"AccessExclusiveLock", "ShareRowExclusiveLock"}, true},
		{"SHARE UPDATE EXCLUSIVE, waiting for every older transaction", []string{"ShareUpdateExclusiveLock"}, false},
		{"the lock the statement holds while it runs (each finding names it)", nil, false},
	}
	for _, c := range cases {
		modes, anyOf := claimedModes(c.lock)
		if !reflect.DeepEqual(modes, c.modes) || anyOf != c.anyOf {
			t.Errorf("claimedModes(%q) = %v, %v; want %v, %v", c.lock, modes, anyOf, c.modes, c.anyOf)
		}
	}
}

func TestCheckLock(t *testing.T) {
	users := func(mode string) Lock { return Lock{Relation: "public.users", Mode: mode, relkind: "r"} }
	idx := Lock{Relation: "public.users_email_idx_ccold", Mode: "AccessExclusiveLock", relkind: "i"}
	cases := []struct {
		name       string
		modes      []string
		anyOf      bool
		taken      []Lock
		held       []Lock
		concurrent bool
		want       string // "" or a part of the contradiction
		stronger   bool
	}{
		{"held", []string{"AccessExclusiveLock"}, false, []Lock{users("AccessExclusiveLock")}, nil, false, "", false},
		{"held by an earlier statement", []string{"AccessExclusiveLock"}, false, []Lock{users("ShareLock")},
			[]Lock{users("AccessExclusiveLock"), users("ShareLock")}, false, "", false},
		{"not held", []string{"AccessExclusiveLock"}, false, []Lock{users("ShareRowExclusiveLock")}, nil, false, "held no AccessExclusiveLock", false},
		{"stronger taken", []string{"ShareRowExclusiveLock"}, false, []Lock{users("AccessExclusiveLock"), users("ShareRowExclusiveLock")}, nil, false, "took AccessExclusiveLock on public.users, stronger", true},
		{"one of", []string{"AccessExclusiveLock", "ShareRowExclusiveLock"}, true, []Lock{users("ShareRowExclusiveLock")}, nil, false, "", false},
		{"each of", []string{"ShareLock", "AccessExclusiveLock"}, false, []Lock{users("ShareLock")}, nil, false, "held no AccessExclusiveLock", false},
		{"concurrent drop of an old index", []string{"ShareUpdateExclusiveLock"}, false, []Lock{users("ShareUpdateExclusiveLock"), idx}, nil, true, "", false},
	}
	for _, c := range cases {
		held := c.held
		if held == nil {
			held = c.taken
		}
		got, stronger := checkLock(c.modes, c.anyOf, observed{taken: c.taken, held: held}, c.concurrent)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) || stronger != c.stronger {
			t.Errorf("%s: checkLock = %q, %v; want %q, %v", c.name, got, stronger, c.want, c.stronger)
		}
	}
}

// Samples of pg_locks taken while a statement runs outside a transaction
// block show some of what it held, not all: a claimed lock they missed
// is unobserved, while a stronger lock they caught contradicts the claim.
// Inside a transaction block pg_locks is read whole: a claimed lock not
// held is a mismatch.
func TestLockPredictionsSampled(t *testing.T) {
	users := func(mode string) Lock { return Lock{Relation: "public.users", Mode: mode, relkind: "r"} }
	claim := []rules.Finding{{Rule: "vacuum-full-or-cluster", Lock: "ACCESS EXCLUSIVE"}}
	weaker := []Lock{users("ShareUpdateExclusiveLock")}
	cases := []struct {
		name    string
		fs      []rules.Finding
		ob      observed
		verdict string
		says    string
	}{
		{"sampled, a weaker lock caught", claim, observed{sampled: true, taken: weaker, held: weaker}, Unobserved, "caught only ShareUpdateExclusiveLock on public.users"},
		{"sampled, nothing caught", claim, observed{sampled: true}, Unobserved, "no sample of pg_locks caught its locks"},
		{"sampled, the lock caught", claim, observed{sampled: true, taken: []Lock{users("AccessExclusiveLock")}, held: []Lock{users("AccessExclusiveLock")}}, Confirmed, ""},
		{"sampled, a stronger lock caught", []rules.Finding{{Rule: "r", Lock: "SHARE UPDATE EXCLUSIVE"}},
			observed{sampled: true, taken: []Lock{users("AccessExclusiveLock")}, held: []Lock{users("AccessExclusiveLock")}}, Mismatch, "stronger than lint says"},
		{"in a transaction, a weaker lock held", claim, observed{taken: weaker, held: weaker}, Mismatch, "held no AccessExclusiveLock"},
	}
	for _, c := range cases {
		ps := lockPredictions(&pgparse.Stmt{}, c.fs, c.ob)
		if len(ps) != 1 || ps[0].Verdict != c.verdict || !strings.Contains(ps[0].Observed, c.says) {
			t.Errorf("%s: %+v, want %s saying %q", c.name, ps, c.verdict, c.says)
		}
	}
}
