package apply

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// Prediction is what lint says a statement does, beside what PostgreSQL
// did when apply ran it: the lock a rule's finding names, or a rewrite
// that a finding or the statement's work claims.
type Prediction struct {
	// Rules are the rules whose findings make the claim; empty for a
	// rewrite that only the statement's work claims.
	Rules []string `json:"rules"`
	// Lock is the lock the findings name, as written ("SHARE ROW
	// EXCLUSIVE (both tables)"); "" for a rewrite claim.
	Lock string `json:"lock,omitempty"`
	// Rewrite is set for the claim that the statement rewrites Relation
	// (a table, or an index rebuilt), and for the finding that it
	// rewrote one no claim named.
	Rewrite  bool   `json:"rewrite,omitempty"`
	Relation string `json:"relation,omitempty"`
	// Verdict is Confirmed, Mismatch, or Unobserved when apply could not
	// see what the statement did (its locks, outside a transaction block,
	// came and went between two samples of pg_locks). Observed says what
	// PostgreSQL did when it is not what lint said.
	Verdict  string `json:"verdict"`
	Observed string `json:"observed,omitempty"`
}

// The verdicts of a prediction.
const (
	Confirmed  = "confirmed"
	Mismatch   = "mismatch"
	Unobserved = "unobserved"
)

func (p Prediction) String() string {
	var claim string
	switch {
	case p.Lock != "":
		claim = p.Lock
	case p.Rewrite && p.Relation != "" && len(p.Rules) == 0 && p.Verdict == Mismatch && strings.HasPrefix(p.Observed, "rewrote"):
		claim = "no rewrite of " + p.Relation
	case p.Rewrite && p.Relation != "":
		claim = "rewrite of " + p.Relation
	case p.Rewrite:
		claim = "a rewrite"
	}
	if len(p.Rules) > 0 {
		claim += " (" + strings.Join(p.Rules, ", ") + ")"
	}
	switch p.Verdict {
	case Confirmed:
		return claim + ": confirmed"
	case Unobserved:
		return claim + ": not observed, " + p.Observed
	}
	return claim + ": MISMATCH, " + p.Observed
}

// lockModes are PostgreSQL's table lock modes as lint writes them,
// longest first (so that SHARE ROW EXCLUSIVE is not read as SHARE), with
// pg_locks' names.
var lockModes = []struct{ name, mode string }{
	{"SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock"},
	{"SHARE ROW EXCLUSIVE", "ShareRowExclusiveLock"},
	{"ACCESS EXCLUSIVE", "AccessExclusiveLock"},
	{"ROW EXCLUSIVE", "RowExclusiveLock"},
	{"ACCESS SHARE", "AccessShareLock"},
	{"ROW SHARE", "RowShareLock"},
	{"EXCLUSIVE", "ExclusiveLock"},
	{"SHARE", "ShareLock"},
}

// claimedModes reads the lock modes a finding's lock names, as pg_locks
// names them, and whether any one of them is claimed ("… or …") rather
// than each.
func claimedModes(lock string) (modes []string, anyOf bool) {
	text := strings.ToUpper(lock)
	for len(text) > 0 {
		found := false
		for _, m := range lockModes {
			if strings.HasPrefix(text, m.name) && (len(text) == len(m.name) || !isLetter(text[len(m.name)])) {
				modes = append(modes, m.mode)
				text = text[len(m.name):]
				found = true
				break
			}
		}
		if !found {
			text = text[1:]
		}
	}
	return modes, strings.Contains(lock, " or ")
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// observed is what PostgreSQL did while a statement ran, for comparing
// with lint's claims.
type observed struct {
	// taken are the locks the statement took on relations that existed
	// before it, held those its transaction holds afterwards (taken
	// included).
	taken, held []Lock
	rewrites    []Rewrite
	// sampled is set when the locks come from samples taken while the
	// statement ran outside a transaction block, which may miss them.
	sampled bool
}

// predict compares the claims of lint's findings on statement s of path
// with what the statement did; existed are the OIDs of the relations
// that existed before it.
func (r *runner) predict(path string, s *pgparse.Stmt, st *Statement, held map[Lock]bool, existed map[uint32]bool) {
	if st.Error != nil {
		return
	}
	ob := observed{sampled: !st.InTx}
	for _, l := range st.Locks {
		if existed[l.oid] {
			ob.taken = append(ob.taken, l)
		}
	}
	ob.held = ob.taken
	if len(held) > 0 {
		ob.held = nil
		for l := range held {
			if existed[l.oid] {
				ob.held = append(ob.held, l)
			}
		}
		sortLocks(ob.held)
	}
	for _, rw := range st.Rewrites {
		if existed[rw.oid] {
			ob.rewrites = append(ob.rewrites, rw)
		}
	}
	fs := r.findingsAt(path, s)
	st.Predictions = append(lockPredictions(s, fs, ob), rewritePredictions(s, st, fs, ob)...)
}

// findingsAt returns the findings on statement s of path.
func (r *runner) findingsAt(path string, s *pgparse.Stmt) []rules.Finding {
	var out []rules.Finding
	for _, f := range r.findings {
		if f.Path == path && f.Offset >= s.Start && f.Offset <= s.End {
			out = append(out, f)
		}
	}
	return out
}

// lockPredictions checks each lock the findings name: the lock must be
// held on a relation that existed (any one of them, for "… or …"), and
// the statement must take no stronger lock than the strongest named.
func lockPredictions(s *pgparse.Stmt, fs []rules.Finding, ob observed) []Prediction {
	concurrent := s.Node != nil && concurrentIndexWork(s.Node)
	byLock := map[string][]string{}
	var locks []string
	for _, f := range fs {
		if f.Lock == "" {
			continue
		}
		if _, ok := byLock[f.Lock]; !ok {
			locks = append(locks, f.Lock)
		}
		byLock[f.Lock] = appendOnce(byLock[f.Lock], f.Rule)
	}
	var out []Prediction
	for _, l := range locks {
		modes, anyOf := claimedModes(l)
		if len(modes) == 0 {
			continue
		}
		sort.Strings(byLock[l])
		p := Prediction{Rules: byLock[l], Lock: l, Verdict: Confirmed}
		var stronger bool
		switch p.Observed, stronger = checkLock(modes, anyOf, ob, concurrent); {
		case p.Observed == "":
		case ob.sampled && len(ob.held) == 0:
			p.Verdict, p.Observed = Unobserved, "the statement ran outside a transaction block and no sample of pg_locks caught its locks"
		case ob.sampled && !stronger:
			// Samples show what a statement held at moments of its run, not
			// all it held: VACUUM (FULL, ANALYZE) of two tables holds ACCESS
			// EXCLUSIVE on each in turn, and SHARE UPDATE EXCLUSIVE while it
			// analyzes. Only a lock stronger than the claim contradicts it.
			p.Verdict, p.Observed = Unobserved, "the statement ran outside a transaction block and the samples of pg_locks caught only "+lockList(ob.held)
		default:
			p.Verdict = Mismatch
		}
		out = append(out, p)
	}
	return out
}

// checkLock returns what contradicts a claim of modes, "" when nothing
// does, and whether it is a lock stronger than the claim (else a claimed
// lock was not held). A concurrent index build, drop or rebuild ends with
// ACCESS EXCLUSIVE on an index that no query uses any more (the one it
// drops, or the old copy REINDEX swapped out), which blocks nothing and
// is no stronger lock than it claims.
func checkLock(modes []string, anyOf bool, ob observed, concurrent bool) (string, bool) {
	has := func(mode string) bool {
		for _, l := range ob.held {
			if l.Mode == mode {
				return true
			}
		}
		return false
	}
	strongest := modes[0]
	missing := []string{}
	for _, m := range modes {
		if lockOrder[m] < lockOrder[strongest] {
			strongest = m
		}
		if !has(m) {
			missing = append(missing, m)
		}
	}
	if anyOf && len(missing) < len(modes) || !anyOf && len(missing) == 0 {
		missing = nil
	}
	for _, l := range ob.taken {
		if concurrent && (l.relkind == "i" || l.relkind == "I") {
			continue
		}
		if lockOrder[l.Mode] < lockOrder[strongest] {
			return fmt.Sprintf("PostgreSQL took %s, stronger than lint says", l), true
		}
	}
	if len(missing) > 0 {
		return fmt.Sprintf("PostgreSQL held no %s on a relation that existed before (it held: %s)", strings.Join(missing, ", "), lockList(ob.held)), false
	}
	return "", false
}

func lockList(ls []Lock) string {
	if len(ls) == 0 {
		return "none"
	}
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = l.String()
	}
	return strings.Join(s, ", ")
}

// rewritePredictions checks rewrites both ways: each relation that lint
// says the statement rewrites (a finding's rewrite claim, the statement's
// rewrite work) must have new storage afterwards, and a table that got
// new storage must be one lint said would, or an index of a statement
// lint says rebuilds or builds indexes. TRUNCATE gives a table new, empty
// storage, which is no rewrite.
func rewritePredictions(s *pgparse.Stmt, st *Statement, fs []rules.Finding, ob observed) []Prediction {
	var claimRules []string
	for _, f := range fs {
		if f.Work == rules.WorkRewrite {
			claimRules = appendOnce(claimRules, f.Rule)
		}
	}
	sort.Strings(claimRules)
	claimed := map[string]bool{}
	// REINDEX rebuilds the indexes it names, which every rule that flags
	// it says.
	builds := s.Node != nil && s.Node.GetReindexStmt() != nil
	for _, w := range st.Work {
		switch w.Kind {
		case rules.WorkRewrite.String():
			claimed[quoteKey(w.Relation)] = true
		case rules.WorkBuild.String(), rules.WorkRows.String():
			builds = true
		}
	}
	var out []Prediction
	for _, rel := range sortedKeys(claimed) {
		p := Prediction{Rules: claimRules, Rewrite: true, Relation: rel, Verdict: Confirmed}
		if !rewritten(ob, rel) && !(rel == "*" && len(ob.rewrites) > 0) {
			p.Verdict, p.Observed = Mismatch, "PostgreSQL kept the storage of "+rel
		}
		out = append(out, p)
	}
	if len(claimed) == 0 && len(claimRules) > 0 && len(ob.rewrites) == 0 {
		out = append(out, Prediction{Rules: claimRules, Rewrite: true, Verdict: Mismatch, Observed: "PostgreSQL rewrote nothing"})
	}
	if newEmptyStorage(s) {
		return out
	}
	for _, rw := range ob.rewrites {
		if claimed[rw.Relation] || len(claimed) > 0 && rw.Kind == "index" || builds && rw.Kind != "table" || everyTableWork(st) {
			continue
		}
		out = append(out, Prediction{Rewrite: true, Relation: rw.Relation, Verdict: Mismatch, Observed: fmt.Sprintf("rewrote %s %s, which lint did not predict", rw.Kind, rw.Relation)})
	}
	return out
}

// concurrentIndexWork reports whether a statement builds, drops or
// rebuilds indexes CONCURRENTLY.
func concurrentIndexWork(n *pgparse.Node) bool {
	switch {
	case n.GetIndexStmt() != nil:
		return n.GetIndexStmt().Concurrent
	case n.GetDropStmt() != nil:
		return n.GetDropStmt().Concurrent
	case n.GetReindexStmt() != nil:
		return rules.HasOption(n.GetReindexStmt().Params, "concurrently")
	}
	return false
}

// newEmptyStorage reports whether a statement gives tables new, empty
// storage, which is no rewrite: TRUNCATE, REFRESH MATERIALIZED VIEW …
// WITH NO DATA.
func newEmptyStorage(s *pgparse.Stmt) bool {
	if s.Node == nil {
		return false
	}
	if r := s.Node.GetRefreshMatViewStmt(); r != nil && r.SkipData {
		return true
	}
	return s.Node.GetTruncateStmt() != nil
}

// everyTableWork reports whether lint says the statement works on every
// table (VACUUM FULL or CLUSTER without a table).
func everyTableWork(st *Statement) bool {
	for _, w := range st.Work {
		if w.Relation == "*" {
			return true
		}
	}
	return false
}

func rewritten(ob observed, rel string) bool {
	for _, rw := range ob.rewrites {
		if rw.Relation == rel {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// relationOIDs returns the OIDs of the user relations that exist, read
// on the migrations' connection, which sees its open transaction.
func (r *runner) relationOIDs(ctx context.Context) (map[uint32]bool, error) {
	rows, err := r.conn.Query(ctx, `SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'`)
	if err != nil {
		return nil, err
	}
	out := map[uint32]bool{}
	for rows.Next() {
		var oid uint32
		if err := rows.Scan(&oid); err != nil {
			return nil, err
		}
		out[oid] = true
	}
	return out, rows.Err()
}

// quoteKey writes a catalog key (schema.name) as pg_locks rows and
// relfilenodes name the relation: each part quoted as quote_ident would.
func quoteKey(key string) string {
	sch, name, ok := strings.Cut(key, ".")
	if !ok {
		return key
	}
	return quoteIdent(sch) + "." + quoteIdent(name)
}

// quoteIdent quotes a name unless it is lower case letters, digits and
// underscores (keywords aside, which catalog keys of tables rarely are).
func quoteIdent(s string) string {
	plain := s != ""
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
