package fix

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/apply"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/pgtest"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropTemplates()
	os.Exit(code)
}

// TestSQLApplies applies the migrations of every case of testdata/sql,
// as the fixes leave them, to a scratch PostgreSQL database: the files
// the case does not fix form the base, which is seeded with rows (the
// case's seed.sql, else generated ones), then the fixed files are applied
// the way their tool runs them, as `migguard apply` does. Every one must
// apply. A case whose seeded rows break what a migration checks (a
// foreign key, a CHECK) holds a seed.sql with rows that keep to it, since
// no fix can make such data valid.
func TestSQLApplies(t *testing.T) { appliesCases(t, "sql") }

// TestAlembicApplies is TestSQLApplies for the cases of testdata/alembic,
// whose revisions are applied as migguard translates them.
func TestAlembicApplies(t *testing.T) { appliesCases(t, "alembic") }

func appliesCases(t *testing.T, kind string) {
	pgtest.URL(t)
	for _, c := range loadCases(t, kind) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files := c.run(t)
			changed := false
			for _, f := range files {
				changed = changed || f.Changed()
			}
			if !changed {
				t.Skip("no fix changed a file")
			}
			c.apply(t, files)
		})
	}
}

// apply applies the case's set with the fixed files on a scratch
// database and fails the test when a new migration fails.
func (c *fixCase) apply(t *testing.T, files []*File) {
	t.Helper()
	fixed := map[string]string{}
	for _, f := range files {
		fixed[f.Path] = f.New
	}
	p := c.project(t)
	set, err := p.At(NewOverlay(c.fsys, fixed)).SetAt(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	l, errs := set.Load()
	if l == nil || len(errs) > 0 {
		t.Fatalf("loading the fixed set: %v", errs)
	}
	o := apply.Options{Set: l.Files, New: func(f *migrations.File) bool { return c.selected(f.Path) }, Rows: 100, Lint: c.lintOptions(p)}
	if seed, ok := c.fsys["seed.sql"]; ok {
		o.SeedFile = filepath.Join(t.TempDir(), "seed.sql")
		if err := os.WriteFile(o.SeedFile, seed.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		if o.BinDir, err = pgcluster.FindBinDir(); err != nil {
			t.Fatal(err)
		}
	}
	admin, migrator := pgtest.RoleClone(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := apply.Run(ctx, apply.Target{URL: migrator, AdminURL: admin}, o)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	if rep.Failed() || len(rep.Files) == 0 {
		var b bytes.Buffer
		apply.WriteText(&b, rep)
		t.Errorf("the fixed migrations do not apply:\n%s", strings.TrimSpace(b.String()))
	}
}

// lintOptions are the options of the lint run apply explains failures with.
func (c *fixCase) lintOptions(p *project.Project) rules.Options {
	o := rules.Options{PG: p.Config.PG}
	if c.opts.PG.Major != 0 {
		o.PG = c.opts.PG
	}
	return o
}
