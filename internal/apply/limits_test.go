package apply

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgtest"
)

// TestStatementTimeoutHoldsWhenLifted: a migration that sets
// statement_timeout = 0 is still stopped at apply's statement timeout.
func TestStatementTimeoutHoldsWhenLifted(t *testing.T) {
	empty, _ := templates(t)
	f := file(t, migrations.Goose, "db/0002_slow.sql", "-- +goose Up\n-- +goose NO TRANSACTION\nSET statement_timeout = 0;\nSELECT pg_sleep(30);\n")
	start := time.Now()
	rep := applyNew(t, target(t, empty), Options{StatementTimeout: 500 * time.Millisecond}, f)
	elapsed := time.Since(start)
	var b strings.Builder
	WriteText(&b, rep)
	s := failure(rep)
	if s == nil || s.Line != 4 || s.Error.Code != "57014" || s.Error.Message != "canceling statement due to statement timeout" ||
		!strings.Contains(s.Error.Note, "migguard cancelled the statement when it passed the statement timeout (500ms)") {
		t.Fatalf("want the sleep cancelled at the statement timeout:\n%s", b.String())
	}
	if elapsed > 10*time.Second {
		t.Errorf("took %s; the statement timeout was 500ms", elapsed)
	}

	// The server's own limit speaks when the migration leaves it alone.
	f = file(t, migrations.Goose, "db/0002_slow.sql", "-- +goose Up\nSELECT pg_sleep(30);\n")
	rep = applyNew(t, target(t, empty), Options{StatementTimeout: 300 * time.Millisecond}, f)
	if s := failure(rep); s == nil || s.Error.Code != "57014" || s.Error.Note != "" || s.Error.Rule != "require-statement-timeout" {
		t.Errorf("PostgreSQL's statement timeout: %+v", s)
	}
}

// TestLockTimeoutHoldsWhenLifted: a migration that sets lock_timeout = 0
// and then waits for a lock another session holds is stopped at apply's
// lock timeout, with the lock and the session named.
func TestLockTimeoutHoldsWhenLifted(t *testing.T) {
	_, seeded := templates(t)
	tg := target(t, seeded)
	ctx := context.Background()
	holder := pgtest.Connect(t, tg.AdminURL)
	if _, err := holder.Exec(ctx, "SET application_name = 'report-job'"); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE users IN ACCESS SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	f := file(t, migrations.Goose, "db/0002_a.sql", "-- +goose Up\nSET LOCAL lock_timeout = 0;\nALTER TABLE users ADD COLUMN note text;\n")
	start := time.Now()
	rep := applyNew(t, tg, Options{LockTimeout: 300 * time.Millisecond, StatementTimeout: time.Minute}, f)
	elapsed := time.Since(start)
	var b strings.Builder
	WriteText(&b, rep)
	s := failure(rep)
	if s == nil || s.Error.Code != "55P03" || !strings.Contains(s.Error.Note, "waited for a lock longer than the lock timeout (300ms)") {
		t.Fatalf("want a lock timeout enforced by migguard:\n%s", b.String())
	}
	if e := s.Error; e.Waiting == nil || e.Waiting.Relation != "public.users" || len(e.Blockers) != 1 || e.Blockers[0].Application != "report-job" {
		t.Errorf("waiting %v blockers %+v", e.Waiting, e.Blockers)
	}
	if elapsed > 10*time.Second {
		t.Errorf("took %s; the lock timeout was 300ms", elapsed)
	}
}

// TestCheckTimeout: limits PostgreSQL cannot take are refused, rather
// than rounded to 0 (no limit).
func TestCheckTimeout(t *testing.T) {
	for _, d := range []time.Duration{-time.Second, 0, 999 * time.Microsecond, MaxTimeout + time.Millisecond, 30 * 24 * time.Hour} {
		if err := CheckTimeout("--lock-timeout", d); err == nil {
			t.Errorf("CheckTimeout(%s) accepted it", d)
		}
	}
	for _, d := range []time.Duration{time.Millisecond, 1500 * time.Microsecond, 5 * time.Minute, MaxTimeout} {
		if err := CheckTimeout("--lock-timeout", d); err != nil {
			t.Errorf("CheckTimeout(%s): %v", d, err)
		}
	}
	if millis(1500*time.Microsecond) != 2 || millis(time.Millisecond) != 1 {
		t.Errorf("millis rounds down")
	}
	_, err := Run(context.Background(), Target{URL: "postgres://nowhere"}, Options{LockTimeout: time.Microsecond})
	if !IsEnv(err) || !strings.Contains(err.Error(), "under 1ms") {
		t.Errorf("Run with a 1µs lock timeout: %v", err)
	}
}
