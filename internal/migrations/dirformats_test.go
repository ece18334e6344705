package migrations

import (
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

// diesel: a directory per migration, ordered by version, down.sql the
// down file, metadata.toml the transaction.
func TestDieselDirectory(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"m/00000000000000_diesel_initial_setup/up.sql":   "SELECT 0;",
		"m/00000000000000_diesel_initial_setup/down.sql": "SELECT 0;",
		"m/2024-02-01-000000_index/up.sql":               "CREATE INDEX CONCURRENTLY i ON t (a);",
		"m/2024-02-01-000000_index/metadata.toml":        "# no transaction\nrun_in_transaction = false\n",
		"m/2024-01-01-000000_create/up.sql":              "CREATE TABLE t (a int);",
		"m/2024-01-01-000000_create/down.sql":            "DROP TABLE t;",
		"m/2024-01-01-000000_create/up.postgres.sql":     "SELECT 1;",
		"m/2024-03-01-000000_typo/up.sql":                "SELECT 3;",
		"m/2024-03-01-000000_typo/metadata.toml":         "run_in_transaction = \"false\"\n",
		"m/2024-03-01-000000_again/up.sql":               "SELECT 4;",
		"m/2024-04-01-000000_empty/README.md":            "forgot up.sql",
		"m/loose.sql":                                    "SELECT 9;",
		"m/.hidden/up.sql":                               "SELECT 8;",
	})
	set, errs := LoadDir(Dir(root), "m", "")
	if len(errs) > 0 || set.Format != Diesel {
		t.Fatalf("format %s, errors %v", set.Format, errs)
	}
	want := "m/00000000000000_diesel_initial_setup/up.sql m/2024-01-01-000000_create/up.sql m/2024-02-01-000000_index/up.sql " +
		"m/2024-03-01-000000_again/up.sql m/2024-03-01-000000_typo/up.sql"
	if got := paths(set.Files); got != want {
		t.Errorf("order\n got %s\nwant %s", got, want)
	}
	create, index, again, typo := set.Files[1], set.Files[2], set.Files[3], set.Files[4]
	if create.Version != "20240101000000" || create.Name != "create" || create.DownFile == nil || create.DownFile.Path != "m/2024-01-01-000000_create/down.sql" {
		t.Errorf("create: version %q name %q down %v", create.Version, create.Name, create.DownFile)
	}
	if create.Tx != TxWrapped || index.Tx != TxImplicit || !strings.Contains(index.TxSource, "metadata.toml sets run_in_transaction = false on line 2") {
		t.Errorf("tx: create %v, index %v (%s)", create.Tx, index.Tx, index.TxSource)
	}
	if !strings.Contains(problems(typo), `run_in_transaction = "false" on line 1 of m/2024-03-01-000000_typo/metadata.toml is not true or false`) || typo.Tx != TxWrapped {
		t.Errorf("typo: %q", problems(typo))
	}
	if !strings.Contains(problems(typo), "version 20240301000000 is also used by 2024-03-01-000000_again: diesel records one version for both") || problems(again) != "" {
		t.Errorf("duplicate version: again %q, typo %q", problems(again), problems(typo))
	}
	var others []string
	for _, o := range set.Others {
		others = append(others, o.Path+" "+o.Why+problems(o))
	}
	wantOthers := []string{
		"m/2024-04-01-000000_empty migration directory 2024-04-01-000000_empty has no up.sql: diesel refuses the migrations directory (UnknownMigrationFormat)",
		"m/2024-01-01-000000_create/up.postgres.sql up.postgres.sql is never run: diesel runs only the up.sql and down.sql of each <version>_<name> directory",
		"m/loose.sql loose.sql is never run: diesel runs only the up.sql and down.sql of each <version>_<name> directory",
	}
	if strings.Join(others, "\n") != strings.Join(wantOthers, "\n") {
		t.Errorf("others\n%s\nwant\n%s", strings.Join(others, "\n"), strings.Join(wantOthers, "\n"))
	}
}

func TestPrismaDirectory(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"lock file": {"p/migration_lock.toml": "provider = \"postgresql\"\n", "p/20240102000000_b/migration.sql": "SELECT 2;", "p/20240101000000_a/migration.sql": "SELECT 1;"},
		"layout":    {"p/20240102000000_b/migration.sql": "SELECT 2;", "p/20240101000000_a/migration.sql": "SELECT 1;", "p/0_init/migration.sql": "SELECT 0;"},
	} {
		t.Run(name, func(t *testing.T) {
			set, errs := LoadDir(Dir(treetest.Temp(t, files)), "p", "")
			if len(errs) > 0 || set.Format != Prisma {
				t.Fatalf("format %s, errors %v", set.Format, errs)
			}
			f := set.Files[len(set.Files)-1]
			if f.Path != "p/20240102000000_b/migration.sql" || f.Version != "20240102000000" || f.Name != "b" || f.Tx != TxImplicit {
				t.Errorf("last %s: version %q name %q tx %v", f.Path, f.Version, f.Name, f.Tx)
			}
		})
	}
	set, _ := LoadDir(Dir(treetest.Temp(t, map[string]string{"p/migration_lock.toml": "", "p/20240101000000_a/notes.txt": "x"})), "p", "")
	if len(set.Others) != 1 || !strings.Contains(problems(set.Others[0]), "has no migration.sql: prisma migrate refuses the migrations directory") {
		t.Errorf("others %+v", set.Others)
	}
}

// OrderNames, which the branch check uses on git trees, keeps and orders
// the files of directory-per-migration sets as LoadDir does.
func TestOrderNamesDirectoryFormats(t *testing.T) {
	files := []string{"db/2_b/up.sql", "db/2_b/down.sql", "db/1_a/up.sql", "db/1_a/metadata.toml", "db/x.sql", "db/1_a/sub/up.sql"}
	ups, downs := OrderNames(Diesel, "db", files)
	if paths(ups) != "db/1_a/up.sql db/2_b/up.sql" || paths(downs) != "db/2_b/down.sql" || ups[1].Version != "2" {
		t.Errorf("diesel: ups %s, downs %s", paths(ups), paths(downs))
	}
	ups, _ = OrderNames(Prisma, "db", []string{"db/20240102_b/migration.sql", "db/20240101_a/migration.sql", "db/migration_lock.toml"})
	if paths(ups) != "db/20240101_a/migration.sql db/20240102_b/migration.sql" {
		t.Errorf("prisma: %s", paths(ups))
	}
	ups, downs = OrderNames(Sqitch, "p", []string{"p/deploy/users.sql", "p/revert/users.sql", "p/verify/users.sql", "p/sqitch.plan"})
	if paths(ups) != "p/deploy/users.sql" || paths(downs) != "p/revert/users.sql" || ups[0].Version != "users" {
		t.Errorf("sqitch: ups %s, downs %s", paths(ups), paths(downs))
	}
	if !IsMigrationPath(Diesel, "db", "db/1_a/up.sql") || IsMigrationPath(Diesel, "db", "db/up.sql") || IsMigrationPath(Prisma, "db", "db/a/b/migration.sql") {
		t.Error("IsMigrationPath")
	}
}
