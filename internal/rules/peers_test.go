package rules

import (
	"strings"
	"testing"
)

// Every rule of squawk and eugene is covered by a migguard rule or says
// why none covers it, and every peer a rule names exists.
func TestPeers(t *testing.T) {
	counts := map[string]int{}
	for _, pr := range PeerRules() {
		counts[pr.Tool]++
		covered := len(pr.Covering()) > 0
		switch {
		case covered && pr.None != "":
			t.Errorf("%s is covered by %v and says none covers it", pr.Key(), pr.Covering())
		case !covered && pr.None == "" && len(pr.Expands) == 0:
			t.Errorf("%s: no rule covers it and it says nothing of why", pr.Key())
		}
	}
	if counts["squawk"] != 40 || counts["eugene"] != 15 {
		t.Errorf("peer rules %v, want squawk's 40 and eugene's 15", counts)
	}
	for _, r := range All() {
		for _, p := range r.Peers {
			tool, id, _ := strings.Cut(p, ":")
			if LookupPeer(tool, id) == nil {
				t.Errorf("%s covers unknown peer rule %q", r.ID, p)
			}
		}
	}
	if got := FindPeer("prefer-timestamptz"); got == nil || got.ID != "prefer-timestamp-tz" {
		t.Errorf("squawk's alias prefer-timestamptz: %v", got)
	}
	if got := FindPeer("e3"); got == nil || len(got.Covering()) != 1 || got.Covering()[0].ID != "add-column-json" {
		t.Errorf("eugene's E3: %v", got)
	}
	ids := func(pr *PeerRule) (out []string) {
		for _, r := range pr.Covering() {
			out = append(out, r.ID)
		}
		return out
	}
	if got := strings.Join(ids(FindPeer("require-timeout-settings")), " "); got != "require-lock-timeout require-statement-timeout" {
		t.Errorf("require-timeout-settings is covered by %s", got)
	}
}
