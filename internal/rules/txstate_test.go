package rules

import (
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// txSnapshot is what a test checks of the state before one statement.
type txSnapshot struct {
	open, explicit bool
	id             int
	lock, stmt     bool
	lockMS         int64
	stmtMS         int64
	strongest      Lock
	lockedRel      string
	new            map[string]bool
}

// trackFile runs the tracker over src and returns the state before each
// statement and after the last one.
func trackFile(t *testing.T, mode migrations.TxMode, src string, rels ...string) []txSnapshot {
	t.Helper()
	stmts := pgparse.Parse(src)
	next := 0
	tr := newTracker(&migrations.File{Path: "m.sql", Src: src, Up: src, Tx: mode}, len(stmts) > 1, &next)
	snap := func() txSnapshot {
		st := tr.st
		s := txSnapshot{open: st.Open, explicit: st.Explicit, id: st.ID,
			lock: st.LockTimeout.InEffect(), stmt: st.StatementTimeout.InEffect(),
			lockMS: st.LockTimeout.Millis(), stmtMS: st.StatementTimeout.Millis(),
			strongest: st.StrongestLock, lockedRel: st.LockedRel, new: map[string]bool{}}
		for _, r := range rels {
			s.new[r] = st.IsNew(r)
		}
		return s
	}
	var out []txSnapshot
	for _, s := range stmts {
		if s.Err != nil {
			t.Fatalf("%q: %s", src[s.Start:s.End], s.Err.Message)
		}
		out = append(out, snap())
		tr.advance(s.Node, s.Start, tr.st.IsNew)
	}
	return append(out, snap())
}

func TestTxLockTimeout(t *testing.T) {
	tests := []struct {
		name string
		mode migrations.TxMode
		src  string
		want []bool // lock_timeout in effect before each statement and at the end
	}{
		{"session set survives commit", migrations.TxNone,
			"BEGIN; SET lock_timeout = '2s'; COMMIT; SELECT 1",
			[]bool{false, false, true, true, true}},
		{"set local ends at commit", migrations.TxNone,
			"BEGIN; SET LOCAL lock_timeout = '2s'; SELECT 1; COMMIT; SELECT 1",
			[]bool{false, false, true, true, false, false}},
		{"set local ends at rollback", migrations.TxNone,
			"BEGIN; SET LOCAL lock_timeout = '2s'; ROLLBACK; SELECT 1",
			[]bool{false, false, true, false, false}},
		{"rollback undoes a session set", migrations.TxNone,
			"BEGIN; SET lock_timeout = '2s'; ROLLBACK; SELECT 1",
			[]bool{false, false, true, false, false}},
		{"rollback keeps the value from before the transaction", migrations.TxNone,
			"SET lock_timeout = '2s'; BEGIN; RESET lock_timeout; ROLLBACK; SELECT 1",
			[]bool{false, true, true, false, true, true}},
		{"set local outside a transaction does nothing", migrations.TxNone,
			"SET LOCAL lock_timeout = '2s'; SELECT 1",
			[]bool{false, false, false}},
		{"set local in a wrapped file", migrations.TxWrapped,
			"SET LOCAL lock_timeout = '2s'; SELECT 1",
			[]bool{false, true, true}},
		{"set local 0 overrides the session value", migrations.TxNone,
			"SET lock_timeout = '2s'; BEGIN; SET LOCAL lock_timeout = 0; SELECT 1; COMMIT; SELECT 1",
			[]bool{false, true, true, false, false, true, true}},
		{"set local to default overrides the session value", migrations.TxWrapped,
			"SET lock_timeout = '2s'; SET LOCAL lock_timeout TO DEFAULT; SELECT 1",
			[]bool{false, true, false, false}},
		{"set after set local wins and survives commit", migrations.TxNone,
			"BEGIN; SET LOCAL lock_timeout = 0; SET lock_timeout = '1s'; COMMIT; SELECT 1",
			[]bool{false, false, false, true, true, true}},
		{"reset", migrations.TxNone,
			"SET lock_timeout = '2s'; RESET lock_timeout; SELECT 1",
			[]bool{false, true, false, false}},
		{"reset all", migrations.TxNone,
			"SET lock_timeout = '2s'; RESET ALL; SELECT 1",
			[]bool{false, true, false, false}},
		{"reset clears set local", migrations.TxWrapped,
			"SET LOCAL lock_timeout = '2s'; RESET lock_timeout; SELECT 1",
			[]bool{false, true, false, false}},
		{"set to default", migrations.TxNone,
			"SET lock_timeout = '2s'; SET lock_timeout TO DEFAULT; SELECT 1",
			[]bool{false, true, false, false}},
		{"zero in any spelling", migrations.TxNone,
			"SET lock_timeout = '1s'; SET lock_timeout = 0; SET lock_timeout = '1s'; SET lock_timeout = '0'; " +
				"SET lock_timeout = '1s'; SET lock_timeout = '0ms'; SET lock_timeout = '1s'; SET lock_timeout = '0 s'; " +
				"SET lock_timeout = '1s'; SET lock_timeout = 0.0; SET lock_timeout = '1s'; SET lock_timeout = '0min'",
			[]bool{false, true, false, true, false, true, false, true, false, true, false, true, false}},
		{"set_config session", migrations.TxNone,
			"SELECT set_config('lock_timeout', '2s', false); BEGIN; COMMIT; SELECT 1",
			[]bool{false, true, true, true, true}},
		{"set_config local", migrations.TxNone,
			"BEGIN; SELECT pg_catalog.set_config('lock_timeout', '2s', true); COMMIT; SELECT 1",
			[]bool{false, false, true, false, false}},
		{"set_config zero", migrations.TxNone,
			"SET lock_timeout = '1s'; SELECT set_config('lock_timeout', '0', false); SELECT 1",
			[]bool{false, true, false, false}},
		{"set_config with a computed value", migrations.TxNone,
			"SELECT set_config('lock_timeout', current_setting('app.lt'), false); SELECT 1",
			[]bool{false, true, true}},
		{"role and database settings do not reach the session", migrations.TxNone,
			"ALTER ROLE app SET lock_timeout = '2s'; ALTER DATABASE app SET lock_timeout = '2s'; SELECT 1",
			[]bool{false, false, false, false}},
		{"qualified names are custom settings", migrations.TxNone,
			"SET myapp.lock_timeout = '2s'; SELECT set_config('myapp.lock_timeout', '2s', false); SELECT 1",
			[]bool{false, false, false, false}},
		{"set from current is ignored", migrations.TxNone,
			"SET lock_timeout = '2s'; SET lock_timeout FROM CURRENT; SELECT 1",
			[]bool{false, true, true, true}},
		{"rollback to savepoint", migrations.TxWrapped,
			"SAVEPOINT a; SET lock_timeout = '2s'; ROLLBACK TO SAVEPOINT a; SELECT 1; SET LOCAL lock_timeout = '1s'; RELEASE a; SELECT 1",
			[]bool{false, false, true, false, false, true, true, true}},
		{"commit and chain keeps a transaction open", migrations.TxNone,
			"BEGIN; SET LOCAL lock_timeout = '2s'; COMMIT AND CHAIN; SET LOCAL lock_timeout = '1s'; SELECT 1",
			[]bool{false, false, true, false, true, true}},
		{"discard all", migrations.TxNone,
			"SET lock_timeout = '2s'; DISCARD ALL; SELECT 1",
			[]bool{false, true, false, false}},
		{"set local in an implicit block ends at its commit", migrations.TxImplicit,
			"SET LOCAL lock_timeout = '2s'; SELECT 1; COMMIT; SELECT 1",
			[]bool{false, true, true, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := trackFile(t, tt.mode, tt.src)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d states, want %d", len(got), len(tt.want))
			}
			for i, s := range got {
				if s.lock != tt.want[i] {
					t.Errorf("before statement %d: lock_timeout in effect = %v, want %v", i+1, s.lock, tt.want[i])
				}
			}
		})
	}
}

func TestTxTimeoutValues(t *testing.T) {
	got := trackFile(t, migrations.TxWrapped,
		"SET statement_timeout = '5s'; SET statement_timeout = 1500; SET statement_timeout = '2min'; "+
			"SET statement_timeout = '1.5h'; SET LOCAL statement_timeout = '250ms'; SELECT set_config('lock_timeout', current_setting('x'), false); SELECT 1")
	want := []int64{0, 5000, 1500, 120000, 5400000, 250, 250}
	for i, w := range want {
		if got[i].stmtMS != w {
			t.Errorf("before statement %d: statement_timeout = %dms, want %dms", i+1, got[i].stmtMS, w)
		}
	}
	if last := got[len(got)-1]; !last.lock || last.lockMS != 0 {
		t.Errorf("computed lock_timeout: in effect %v, %dms; want in effect with unknown value", last.lock, last.lockMS)
	}
}

func TestTxBlocks(t *testing.T) {
	t.Run("wrapped", func(t *testing.T) {
		got := trackFile(t, migrations.TxWrapped, "SELECT 1; BEGIN; SELECT 1; COMMIT; SELECT 1")
		if !got[0].open || got[0].explicit || got[0].id == 0 {
			t.Errorf("start: %+v, want the tool's transaction", got[0])
		}
		if got[2].id != got[0].id || got[2].explicit {
			t.Errorf("after a nested BEGIN: %+v, want the same transaction", got[2])
		}
		if got[4].open {
			t.Errorf("after COMMIT: %+v, want no transaction", got[4])
		}
	})
	t.Run("none", func(t *testing.T) {
		got := trackFile(t, migrations.TxNone, "SELECT 1; BEGIN; SELECT 1; END; SELECT 1")
		if got[0].open || !got[2].open || !got[2].explicit || got[4].open {
			t.Errorf("states %+v", got)
		}
	})
	t.Run("implicit begin keeps the block", func(t *testing.T) {
		got := trackFile(t, migrations.TxImplicit, "CREATE TABLE a (id int); BEGIN; SELECT 1; COMMIT; SELECT 1", "public.a")
		if !got[0].open || got[0].explicit {
			t.Fatalf("start: %+v, want an implicit block", got[0])
		}
		if got[2].id != got[0].id || !got[2].explicit {
			t.Errorf("after BEGIN: %+v, want the same block, now explicit", got[2])
		}
		if !got[4].open || got[4].explicit || got[4].id == got[0].id {
			t.Errorf("after COMMIT: %+v, want a new implicit block", got[4])
		}
	})
	t.Run("implicit single statement", func(t *testing.T) {
		got := trackFile(t, migrations.TxImplicit, "SELECT 1")
		if got[0].open {
			t.Errorf("a one-statement string runs outside a block: %+v", got[0])
		}
	})
	t.Run("rollback forgets created relations", func(t *testing.T) {
		got := trackFile(t, migrations.TxNone,
			"CREATE TABLE kept (id int); BEGIN; CREATE TABLE gone (id int); ROLLBACK; SELECT 1", "public.kept", "public.gone")
		last := got[len(got)-1]
		if !last.new["public.kept"] || last.new["public.gone"] {
			t.Errorf("new relations %v, want kept only", last.new)
		}
		if !got[3].new["public.gone"] {
			t.Errorf("before ROLLBACK: %v, want gone to be new", got[3].new)
		}
	})
}

func TestTxStrongestLock(t *testing.T) {
	got := trackFile(t, migrations.TxWrapped,
		"CREATE TABLE fresh (id int); ALTER TABLE fresh ADD COLUMN a int; CREATE INDEX ON users (id); "+
			"ALTER TABLE orders ADD COLUMN b int; CREATE INDEX ON users (b); COMMIT; SELECT 1")
	steps := []struct {
		lock Lock
		rel  string
	}{
		{LockNone, ""}, {LockNone, ""}, {LockNone, ""}, {LockShare, "public.users"},
		{LockAccessExclusive, "public.orders"}, {LockAccessExclusive, "public.orders"}, {LockNone, ""}, {LockNone, ""},
	}
	for i, w := range steps {
		if got[i].strongest != w.lock || got[i].lockedRel != w.rel {
			t.Errorf("before statement %d: %v on %q, want %v on %q", i+1, got[i].strongest, got[i].lockedRel, w.lock, w.rel)
		}
	}
	none := trackFile(t, migrations.TxNone, "ALTER TABLE orders ADD COLUMN b int; SELECT 1")
	if none[1].strongest != LockNone {
		t.Errorf("autocommit statement left %v held", none[1].strongest)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in string
		ms float64
		ok bool
	}{
		{"2s", 2000, true}, {" 2 s ", 2000, true}, {"1500", 1500, true}, {"0", 0, true}, {"0.5min", 30000, true},
		{"1h", 3600000, true}, {"1d", 86400000, true}, {"500us", 0.5, true}, {"abc", 0, false}, {"5 parsecs", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		ms, ok := parseDuration(tt.in)
		if ok != tt.ok || (ok && ms != tt.ms) {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, %v", tt.in, ms, ok, tt.ms, tt.ok)
		}
	}
}
