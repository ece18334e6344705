package project

import (
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/treetest"
)

// open returns the project of a tree with the configuration text cfg.
func open(t *testing.T, files map[string]string, cfg string) *Project {
	t.Helper()
	if cfg != "" {
		files[config.FileName] = cfg
	}
	root := treetest.Temp(t, files)
	p, err := Open(root, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rev(id, down string) string {
	d := "None"
	if down != "" {
		d = "'" + down + "'"
	}
	return "revision = '" + id + "'\ndown_revision = " + d + "\n\ndef upgrade():\n    pass\n"
}

const (
	gooseFile  = "-- +goose Up\nSELECT 1;\n"
	dbmateFile = "-- migrate:up\nSELECT 1;\n"
)

// mixedTree holds sets of every kind, and directories discovery must not
// enter or take for sets.
func mixedTree() map[string]string {
	return map[string]string{
		"db/migrations/00001_a.sql":                                gooseFile,
		"db/migrations/00002_b.sql":                                gooseFile,
		"services/billing/migrate/1_a.up.sql":                      "SELECT 1;",
		"services/shop/db/20240101_a.sql":                          dbmateFile,
		"java/src/main/resources/db/migration/V1__init.sql":        "SELECT 1;",
		"java/src/main/resources/db/migration/nested/V2__more.sql": "SELECT 2;",
		"atlas/atlas.sum":                                          "h1:x\n",
		"atlas/20240101_a.sql":                                     "SELECT 1;",
		"scripts/cleanup.sql":                                      "DELETE FROM t;",
		"scripts/001_numbered.sql":                                 "SELECT 1;",
		"vendor/x/1_a.up.sql":                                      "SELECT 1;",
		"node_modules/y/1_a.up.sql":                                "SELECT 1;",
		".hidden/1_a.up.sql":                                       "SELECT 1;",
		"legacy/1_a.up.sql":                                        "SELECT 1;",
		"svc/alembic.ini":                                          "[alembic]\nscript_location = migrations\n",
		"svc/migrations/versions/a.py":                             rev("aaa", ""),
		"other/db/versions/b.py":                                   rev("bbb", ""),
		"other/db/env.py":                                          "",
		"py/pyproject.toml":                                        "[tool.alembic]\nscript_location = \"alembic\"\n",
		"py/alembic/versions/c.py":                                 rev("ccc", ""),
		"plain/pyproject.toml":                                     "[project]\nname = \"p\"\n",
		".venv/lib/site-packages/x/versions/d.py":                  rev("ddd", ""),
		"env/pyvenv.cfg":                                           "home = /usr\n",
		"env/lib/x/versions/e.py":                                  rev("eee", ""),
		"notes/versions/readme.py":                                 "print('no revision here')\n",
		// Layouts of a directory per migration: the set is the parent.
		"rust/migrations/2024-01-01-000000_create/up.sql":         "CREATE TABLE t (a int);",
		"rust/migrations/2024-01-01-000000_create/down.sql":       "DROP TABLE t;",
		"rust/migrations/2024-01-02-000000_index/up.sql":          "CREATE INDEX CONCURRENTLY i ON t (a);",
		"rust/migrations/2024-01-02-000000_index/metadata.toml":   "run_in_transaction = false\n",
		"web/prisma/migrations/migration_lock.toml":               "provider = \"postgresql\"\n",
		"web/prisma/migrations/20240101000000_init/migration.sql": "CREATE TABLE p (a int);",
		"sq/sqitch.plan":            "%project=sq\n\nusers 2024-01-01T10:00:00Z Ann <ann@example.com>\nnested/more 2024-01-02T10:00:00Z Ann <ann@example.com>\n",
		"sq/deploy/users.sql":       "BEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n",
		"sq/revert/users.sql":       "DROP TABLE users;\n",
		"sq/verify/users.sql":       "SELECT 1;\n",
		"sq/deploy/nested/more.sql": "SELECT 2;\n",
		"gorp/1_init.sql":           "-- +migrate Up\nCREATE TABLE g (a int);\n-- +migrate Down\nDROP TABLE g;\n",
		"tern/001_a.sql":            "CREATE TABLE {{.prefix}}a (id int);\n---- create above / drop below ----\n",
		"tern/shared/part.sql":      "SELECT 1;\n",
	}
}

func describe(sets []*Set) string {
	var out []string
	for _, s := range sets {
		d := s.Dir + "=" + string(s.Format)
		if s.Alembic != nil {
			d += "[" + strings.Join(s.Alembic.VersionLocations, ",") + "]"
		}
		out = append(out, d)
	}
	return strings.Join(out, " ")
}

func TestDiscover(t *testing.T) {
	p := open(t, mixedTree(), "ignore: [legacy]\n")
	sets, errs := p.Sets()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "atlas=atlas db/migrations=goose gorp=sql-migrate java/src/main/resources/db/migration=flyway other/db=alembic[other/db/versions] " +
		"py=alembic[py/alembic/versions] rust/migrations=diesel services/billing/migrate=golang-migrate services/shop/db=dbmate sq=sqitch " +
		"svc=alembic[svc/migrations/versions] tern=tern web/prisma/migrations=prisma"
	if got := describe(sets); got != want {
		t.Errorf("sets:\n got %s\nwant %s", got, want)
	}
	for _, s := range sets {
		l, errs := s.Load()
		if len(errs) > 0 || l == nil || len(l.Files.Files) == 0 {
			t.Errorf("%s: loaded %v, errors %v", s, l, errs)
		}
		if s.Format == migrations.Flyway && len(l.Files.Files) != 2 {
			t.Errorf("flyway set: %d files, want the nested one too", len(l.Files.Files))
		}
	}
}

// SetsContaining finds, for every file, exactly the sets of a full
// discovery that hold it.
func TestSetsContainingAgreesWithSets(t *testing.T) {
	files := mixedTree()
	p := open(t, files, "ignore: [legacy]\n")
	all, errs := p.Sets()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	names = append(names, "db/migrations/00003_new.sql", "java/src/main/resources/db/migration/deep/er/V9__x.sql", "svc/migrations/versions/new.py",
		"rust/migrations/2024-09-09-000000_new/up.sql", "rust/migrations/loose.sql", "rust/migrations/a/b/up.sql", "sq/deploy/deep/er/y.sql",
		"web/prisma/migrations/20250101000000_x/migration.sql", "tern/shared/more.sql", "tern/002_b.sql")
	sort.Strings(names)
	for _, f := range names {
		var want []*Set
		for _, s := range all {
			if s.Holds(f) && (s.Alembic == nil || s.Alembic.Holds(f)) {
				want = append(want, s)
			}
		}
		got, errs := p.SetsContaining([]string{f})
		if len(errs) > 0 {
			t.Errorf("%s: %v", f, errs)
		}
		if describe(got) != describe(want) {
			t.Errorf("%s: SetsContaining = %q, Sets holding it = %q", f, describe(got), describe(want))
		}
	}
}

// A set whose tool keeps a directory per migration is the parent of those
// directories, whether a file, a migration directory or the set is named.
func TestDirectoryPerMigrationSets(t *testing.T) {
	p := open(t, mixedTree(), "")
	for _, c := range []struct{ file, set string }{
		{"rust/migrations/2024-01-02-000000_index/up.sql", "rust/migrations=diesel"},
		{"web/prisma/migrations/20240101000000_init/migration.sql", "web/prisma/migrations=prisma"},
		{"sq/deploy/nested/more.sql", "sq=sqitch"},
	} {
		s, err := p.SetOf(c.file)
		if err != nil || describe([]*Set{s}) != c.set {
			t.Errorf("SetOf(%s) = %v, %v", c.file, s, err)
			continue
		}
		if !s.IsMigration(c.file) {
			t.Errorf("%s is no migration of %s", c.file, s)
		}
		dir := path.Dir(c.file)
		if s, err := p.SetAt(dir); err != nil || describe([]*Set{s}) != c.set {
			t.Errorf("SetAt(%s) = %v, %v", dir, s, err)
		}
	}
	s, _ := p.SetAt("rust/migrations")
	if s.IsMigration("rust/migrations/2024-01-02-000000_index/metadata.toml") || s.IsMigration("rust/migrations/loose.sql") ||
		!s.Holds("rust/migrations/loose.sql") || s.Holds("rust/migrations/a/b/up.sql") {
		t.Error("diesel set: Holds or IsMigration")
	}
	if s, _ := p.SetAt("sq"); !s.IsMigration("sq/revert/users.sql") || s.IsMigration("sq/verify/users.sql") {
		t.Error("sqitch set: revert scripts are migrations (down), verify scripts are not")
	}
	l, errs := s.Load()
	if len(errs) > 0 || len(l.Files.Files) != 2 || l.Files.Files[1].Tx != migrations.TxImplicit {
		t.Errorf("diesel set: %v, %v", l, errs)
	}
}

// template_values of the configuration, then of the set, override the
// [data] of a tern set's tern.conf.
func TestTemplateValues(t *testing.T) {
	p := open(t, map[string]string{
		"tern/001_a.sql": "CREATE TABLE {{.prefix}}a (id int);\nCREATE TABLE {{.Schema}}.b (id int);\nCREATE TABLE {{.Other}}.c (id int);\n",
		"tern/tern.conf": "[data]\nprefix = conf_\nSchema = conf\nOther = conf\n",
		"gm/1_a.up.sql":  "CREATE TABLE {{ index .Options \"Namespace\" }}.users (id int);\n",
	}, "template_values: {Schema: global, Other: global, Options: {Namespace: auth}}\nsets:\n  - path: tern\n    template_values: {Other: own}\n  - path: gm\n")
	sets, errs := p.Sets()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var ups []string
	for _, s := range sets {
		l, errs := s.Load()
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		ups = append(ups, l.Files.Files[0].Up)
	}
	for _, want := range []string{"TABLE auth                            .users", "TABLE       conf_a", "TABLE global     .b", "TABLE own       .c"} {
		if !strings.Contains(strings.Join(ups, ""), want) {
			t.Errorf("no %q in\n%s", want, strings.Join(ups, ""))
		}
	}
}

func TestConfiguredAlembicSet(t *testing.T) {
	p := open(t, map[string]string{
		"db/alembic.ini":       "[alembic]\nscript_location = %(here)s\n",
		"db/env.py":            "",
		"db/versions/a1_x.py":  rev("a1", ""),
		"db/versions/b2_y.py":  rev("b2", "a1"),
		"db/migrations/01.sql": "SELECT 1;",
	}, "sets:\n  - path: db\n    format: alembic\n")
	sets, errs := p.Sets()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := describe(sets); got != "db=alembic[db/versions]" {
		t.Fatalf("sets = %s", got)
	}
	s := sets[0]
	if !s.IsMigration("db/versions/c3_z.py") || s.IsMigration("db/env.py") || s.IsMigration("db/migrations/01.sql") {
		t.Error("IsMigration does not follow the version locations")
	}
	got, _ := p.SetsContaining([]string{"db/versions/c3_z.py"})
	if describe(got) != "db=alembic[db/versions]" {
		t.Errorf("SetsContaining = %s", describe(got))
	}
	if got, _ := p.SetsContaining([]string{"README.md"}); len(got) != 0 {
		t.Errorf("a file outside the sets is in %s", describe(got))
	}
}

func TestConfiguredSetMissing(t *testing.T) {
	p := open(t, map[string]string{"db/1_a.up.sql": "SELECT 1;"}, "sets:\n  - path: db\n  - path: nowhere\n")
	sets, errs := p.Sets()
	if len(sets) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "nowhere: no such directory") || !strings.Contains(errs[0].Error(), ".migguard.yaml:3") {
		t.Errorf("sets %s, errors %v", describe(sets), errs)
	}
}

// A file in a subdirectory of a Flyway set belongs to it, as Flyway reads
// it, whether the file is found by discovery or named.
func TestFlywaySubdirectory(t *testing.T) {
	p := open(t, map[string]string{
		"db/migrations/V1__a.sql":     "SELECT 1;",
		"db/migrations/V5__b.sql":     "SELECT 1;",
		"db/migrations/sub/V3__c.sql": "SELECT 1;",
	}, "")
	s, err := p.SetOf("db/migrations/sub/V3__c.sql")
	if err != nil || s.Dir != "db/migrations" || s.Format != migrations.Flyway {
		t.Fatalf("SetOf = %v, %v", s, err)
	}
	if !s.IsMigration("db/migrations/sub/V3__c.sql") {
		t.Error("the subdirectory's file is not a migration of the set")
	}
}

func TestStartAfterFollowsTheFormat(t *testing.T) {
	for _, c := range []struct {
		name   string
		files  map[string]string
		after  string
		report []string
	}{
		{"flyway 1.2 before 1.10", map[string]string{"db/V1.2__a.sql": "SELECT 1;", "db/V1.10__b.sql": "SELECT 1;"}, "1.2", []string{"db/V1.10__b.sql"}},
		{"flyway 1.0 is 1", map[string]string{"db/V1.0__a.sql": "SELECT 1;", "db/V1.1__b.sql": "SELECT 1;", "db/R__v.sql": "SELECT 1;"}, "1", []string{"db/R__v.sql", "db/V1.1__b.sql"}},
		{"goose numbers", map[string]string{"db/9_a.sql": gooseFile, "db/10_b.sql": gooseFile}, "9", []string{"db/10_b.sql"}},
		// The plan orders Sqitch changes: zz comes before aa.
		{"sqitch plan order", map[string]string{"db/sqitch.plan": "%project=p\n\nzz 2024-01-01T10:00:00Z A <a@b.c>\naa 2024-01-02T10:00:00Z A <a@b.c>\n",
			"db/deploy/zz.sql": "SELECT 1;", "db/deploy/aa.sql": "SELECT 2;", "db/deploy/notrun.sql": "SELECT 3;"}, "zz", []string{"db/deploy/aa.sql"}},
		// Revision ids are random: ff sorts after 0a as text but comes
		// before it in the graph.
		{"alembic graph order", map[string]string{"db/alembic.ini": "[alembic]\nscript_location = %(here)s\n", "db/versions/1.py": rev("ff", ""), "db/versions/2.py": rev("0a", "ff"), "db/versions/3.py": rev("77", "0a")}, "0a", []string{"db/versions/3.py"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := open(t, c.files, "start_after: \""+c.after+"\"\n")
			sets, errs := p.Sets()
			if len(errs) > 0 || len(sets) != 1 {
				t.Fatalf("sets %s, errors %v", describe(sets), errs)
			}
			l, errs := sets[0].Load()
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var got []string
			for _, f := range l.Files.Files {
				if l.Reported(f) {
					got = append(got, f.Path)
				}
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, c.report) {
				t.Errorf("reported %v, want %v", got, c.report)
			}
		})
	}
}

func TestStartAfterUnknownRevision(t *testing.T) {
	p := open(t, map[string]string{"db/alembic.ini": "[alembic]\nscript_location = %(here)s\n", "db/versions/1.py": rev("ff", "")},
		"sets:\n  - path: db\n    start_after: abc\n")
	sets, _ := p.Sets()
	_, errs := sets[0].Load()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `"abc" names no revision`) || !strings.Contains(errs[0].Error(), ".migguard.yaml:2") {
		t.Errorf("errors %v", errs)
	}
}

func TestOpenFindsTheRepositoryOfAPath(t *testing.T) {
	root := treetest.Temp(t, map[string]string{"other/.git/HEAD": "ref: refs/heads/develop\n", "other/db/1_a.up.sql": "SELECT 1;", "other/.migguard.yaml": "pg_version: \"13\"\n"})
	p, err := Open(filepath.Join(root, "other", "db"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != filepath.Join(root, "other") || p.Config.PG.Major != 13 {
		t.Errorf("root %s, pg %v", p.Root, p.Config.PG)
	}
	if rel, err := p.Rel(filepath.Join(root, "other", "db", "1_a.up.sql")); err != nil || rel != "db/1_a.up.sql" {
		t.Errorf("Rel = %q, %v", rel, err)
	}
	if _, err := p.Rel(root); err == nil {
		t.Error("a path above the root is inside the project")
	}
}

// LiveFirst puts the sets that Go code embeds before the others, each
// group in discovery order.
func TestLiveFirst(t *testing.T) {
	goose := "-- +goose Up\nCREATE TABLE t (id int);\n"
	p := open(t, map[string]string{
		"a_legacy/migrations/001_t.sql": goose,
		"b_old/migrations/001_t.sql":    goose,
		"db/migrations/001_t.sql":       goose,
		"db/db.go":                      "package db\n\nimport \"embed\"\n\n//go:embed migrations/*.sql\nvar Migrations embed.FS\n",
		"z/migrations/001_t.sql":        goose,
		"z/embed.go":                    "package z\n\nimport \"embed\"\n\n//go:embed migrations\nvar M embed.FS\n",
	}, "")
	sets, errs := p.Sets()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := describe(sets), "a_legacy/migrations=goose b_old/migrations=goose db/migrations=goose z/migrations=goose"; got != want {
		t.Fatalf("sets %s, want %s", got, want)
	}
	if got, want := describe(LiveFirst(sets)), "db/migrations=goose z/migrations=goose a_legacy/migrations=goose b_old/migrations=goose"; got != want {
		t.Errorf("LiveFirst %s, want %s", got, want)
	}
}
