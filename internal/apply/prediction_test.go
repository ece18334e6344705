package apply

import (
	"reflect"
	"strings"
	"testing"
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
	}{
		{"held", []string{"AccessExclusiveLock"}, false, []Lock{users("AccessExclusiveLock")}, nil, false, ""},
		{"held by an earlier statement", []string{"AccessExclusiveLock"}, false, []Lock{users("ShareLock")},
			[]Lock{users("AccessExclusiveLock"), users("ShareLock")}, false, ""},
		{"not held", []string{"AccessExclusiveLock"}, false, []Lock{users("ShareRowExclusiveLock")}, nil, false, "held no AccessExclusiveLock"},
		{"stronger taken", []string{"ShareRowExclusiveLock"}, false, []Lock{users("AccessExclusiveLock"), users("ShareRowExclusiveLock")}, nil, false, "took AccessExclusiveLock on public.users, stronger"},
		{"one of", []string{"AccessExclusiveLock", "ShareRowExclusiveLock"}, true, []Lock{users("ShareRowExclusiveLock")}, nil, false, ""},
		{"each of", []string{"ShareLock", "AccessExclusiveLock"}, false, []Lock{users("ShareLock")}, nil, false, "held no AccessExclusiveLock"},
		{"concurrent drop of an old index", []string{"ShareUpdateExclusiveLock"}, false, []Lock{users("ShareUpdateExclusiveLock"), idx}, nil, true, ""},
	}
	for _, c := range cases {
		held := c.held
		if held == nil {
			held = c.taken
		}
		got := checkLock(c.modes, c.anyOf, observed{taken: c.taken, held: held}, c.concurrent)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: checkLock = %q, want %q", c.name, got, c.want)
		}
	}
}
