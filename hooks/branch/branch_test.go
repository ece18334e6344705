package branch_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/migguard/migguard/hooks/branch"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/gitview/gitmem"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// goose is a goose migration that creates a table; each table gives a
// content of its own, so only real moves are renames.
func goose(table string) string {
	return "-- +goose Up\nCREATE TABLE " + table + " (id bigint PRIMARY KEY);\n"
}

// revision is an Alembic revision file: revision on line 4,
// down_revision on line 5.
func revision(id, down string) string {
	d := "None"
	if down != "" {
		d = "'" + down + "'"
	}
	return fmt.Sprintf("\"\"\"%s\"\"\"\nfrom alembic import op\n\nrevision = '%s'\ndown_revision = %s\n\n\ndef upgrade():\n    op.execute('SELECT 1')\n", id, id, d)
}

// with returns the files of base with more added or changed (as a
// commit's changes, gitmem.Deleted marks a file removed).
func with(base map[string]string, more map[string]string) map[string]string {
	out := maps.Clone(base)
	maps.Copy(out, more)
	return out
}

var (
	// shop is develop when the branches fork: two goose migrations.
	shop = map[string]string{
		"README.md":                    "shop\n",
		"db/migrations/001_users.sql":  goose("users"),
		"db/migrations/002_orders.sql": goose("orders"),
	}
	// shop3 has a third migration.
	shop3 = with(shop, map[string]string{"db/migrations/003_items.sql": goose("items")})
	// alembicShop is an Alembic project found by its versions directory.
	alembicShop = map[string]string{
		"alembic/env.py":              "# env\n",
		"alembic/versions/a1_init.py": revision("a1", ""),
		"alembic/versions/b2_next.py": revision("b2", "a1"),
	}
)

// finding is an expected finding: where, which rule at which severity,
// and words its message must contain.
type finding struct {
	at    string // path:line
	rule  string
	sev   rules.Severity
	words []string
}

func errorAt(at, rule string, words ...string) finding {
	return finding{at: at, rule: rule, sev: rules.Error, words: words}
}

func infoAt(at, rule string, words ...string) finding {
	return finding{at: at, rule: rule, sev: rules.Info, words: words}
}

// historyCase is a history in a repository and the verdict on it. Unless
// build is set, develop is committed with base, feature forks from it and
// commits feature, develop then commits later, and HEAD is feature; stage
// (when set) is applied to HEAD's files in the index, which is checked
// instead of HEAD.
type historyCase struct {
	name                 string
	config               string // .migguard.yaml, "" for none
	prefix               string // the project root below the repository's top
	base, feature, later map[string]string
	stage                map[string]string
	build                func(r *gitmem.Repo)
	want                 []finding
	added                []string // the migrations the branch adds
	sets                 []string // the sets checked, when not nil
	notes                []string // words some note must contain, each
}

func (tc historyCase) repo() *gitmem.Repo {
	r := gitmem.New()
	if tc.build != nil {
		tc.build(r)
	} else {
		r.SetRef("feature", r.Commit("develop", tc.base))
		r.Checkout("feature")
		if tc.feature != nil {
			r.Commit("feature", tc.feature)
		}
		if tc.later != nil {
			r.Commit("develop", tc.later)
		}
	}
	if tc.stage != nil {
		r.Stage(tc.stage)
	}
	return r
}

// run resolves the scope of the case's repository and checks it with the
// options the CLI derives from the configuration.
func (tc historyCase) run(t *testing.T) *branch.Result {
	t.Helper()
	cfg := config.Default()
	if tc.config != "" {
		var err error
		if cfg, err = config.Parse("/repo/.migguard.yaml", []byte(tc.config)); err != nil {
			t.Fatal(err)
		}
	}
	repo := tc.repo()
	s, err := scope.Resolve(repo, scope.Options{Staged: tc.stage != nil})
	if err != nil {
		t.Fatal(err)
	}
	res, err := branch.Check(repo, s, branch.Options{
		Project:          project.New(nil, "/repo", cfg),
		Prefix:           tc.prefix,
		MaxPerSet:        cfg.Branch.MaxMigrations,
		StrictFormatting: cfg.Branch.StrictFormatting,
		AllowRebaseline:  cfg.Branch.AllowRebaseline,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (tc historyCase) check(t *testing.T) {
	t.Helper()
	res := tc.run(t)
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s %s: %s", f.Path, f.Pos.Line, f.Pos.Col, f.Severity, f.Rule, f.Message))
	}
	if len(got) != len(tc.want) {
		t.Fatalf("%d findings, want %d:\n%s\nnotes: %q", len(got), len(tc.want), strings.Join(got, "\n"), res.Notes)
	}
	for i, w := range tc.want {
		f := res.Findings[i]
		if fmt.Sprintf("%s:%d", f.Path, f.Pos.Line) != w.at || f.Pos.Col != 1 || f.Rule != w.rule || f.Severity != w.sev {
			t.Errorf("finding %d:\n%s\nwant %s:1: %s %s", i, got[i], w.at, w.sev, w.rule)
		}
		for _, word := range w.words {
			if !strings.Contains(f.Message, word) {
				t.Errorf("finding %d does not say %q:\n%s", i, word, got[i])
			}
		}
		if f.Help != rules.Lookup(f.Rule).Help {
			t.Errorf("finding %d has help %q, want the rule's", i, f.Help)
		}
	}
	if tc.sets != nil && !slices.Equal(res.Sets, tc.sets) {
		t.Errorf("Sets = %q, want %q", res.Sets, tc.sets)
	}
	if !slices.Equal(res.Added, tc.added) {
		t.Errorf("Added = %q, want %q", res.Added, tc.added)
	}
	for _, n := range tc.notes {
		if !slices.ContainsFunc(res.Notes, func(s string) bool { return strings.Contains(s, n) }) {
			t.Errorf("no note says %q; notes:\n%s", n, strings.Join(res.Notes, "\n"))
		}
	}
}

// A branch adds at most one migration per set (branch.max_migrations
// more); files that are not migrations do not count.
func TestCount(t *testing.T) {
	for _, tc := range []historyCase{{
		name:    "one migration on top",
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items"), "db/migrations/README.md": "how to add one\n", "README.md": "the shop\n"},
		added:   []string{"db/migrations/003_items.sql"},
	}, {
		name:    "two migrations in one set",
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items"), "db/migrations/004_tags.sql": goose("tags")},
		want: []finding{errorAt("db/migrations/004_tags.sql:1", branch.RuleCount,
			"this branch adds 2 migrations to db/migrations (at most 1 per branch): 003_items.sql, 004_tags.sql; fold them into one")},
		added: []string{"db/migrations/003_items.sql", "db/migrations/004_tags.sql"},
	}, {
		name:    "three migrations, two allowed",
		config:  "branch:\n  max_migrations: 2\n",
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items"), "db/migrations/004_tags.sql": goose("tags"), "db/migrations/005_x.sql": goose("x")},
		want: []finding{errorAt("db/migrations/005_x.sql:1", branch.RuleCount,
			"adds 3 migrations to db/migrations (at most 2 per branch)")},
		added: []string{"db/migrations/003_items.sql", "db/migrations/004_tags.sql", "db/migrations/005_x.sql"},
	}, {
		name:    "two migrations, two allowed",
		config:  "branch:\n  max_migrations: 2\n",
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items"), "db/migrations/004_tags.sql": goose("tags")},
		added:   []string{"db/migrations/003_items.sql", "db/migrations/004_tags.sql"},
	}, {
		name:    "two sets, one migration each",
		base:    map[string]string{"db/billing/001_a.sql": goose("a"), "db/shop/001_b.sql": goose("b")},
		feature: map[string]string{"db/billing/002_c.sql": goose("c"), "db/shop/002_d.sql": goose("d")},
		added:   []string{"db/billing/002_c.sql", "db/shop/002_d.sql"},
		sets:    []string{"db/billing", "db/shop"},
	}, {
		name: "a branch that merged develop into itself",
		build: func(r *gitmem.Repo) {
			r.SetRef("feature", r.Commit("develop", shop))
			r.Checkout("feature")
			r.Commit("develop", map[string]string{"db/migrations/003_items.sql": goose("items")})
			r.Merge("feature", "develop", nil)
			r.Commit("feature", map[string]string{"db/migrations/004_tags.sql": goose("tags")})
		},
		added: []string{"db/migrations/004_tags.sql"},
	}} {
		t.Run(tc.name, tc.check)
	}
}

// A new numbered migration sorts after every migration on the base, in the
// format's version order, with a version of its own.
func TestOrder(t *testing.T) {
	migrate := map[string]string{
		"db/migrations/000001_init.up.sql":   "CREATE TABLE a (id int);\n",
		"db/migrations/000001_init.down.sql": "DROP TABLE a;\n",
	}
	flyway := map[string]string{"db/migrations/V1__init.sql": "CREATE TABLE a (id int);\n", "db/migrations/V1.2__b.sql": "CREATE TABLE b (id int);\n"}
	dbmate := func(table string) string {
		return "-- migrate:up\nCREATE TABLE " + table + " (id int);\n\n-- migrate:down\nDROP TABLE " + table + ";\n"
	}
	for _, tc := range []historyCase{{
		name: "golang-migrate: develop gained a newer version",
		base: migrate,
		feature: map[string]string{
			"db/migrations/000002_feat.up.sql":   "CREATE TABLE f (id int);\n",
			"db/migrations/000002_feat.down.sql": "DROP TABLE f;\n",
		},
		later: map[string]string{
			"db/migrations/000003_late.up.sql":   "CREATE TABLE l (id int);\n",
			"db/migrations/000003_late.down.sql": "DROP TABLE l;\n",
		},
		want: []finding{errorAt("db/migrations/000002_feat.up.sql:1", branch.RuleStale,
			"000002_feat.up.sql sorts before 000003_late.up.sql, the newest migration on develop, so it would run out of order or be skipped",
			"develop gained 000003_late.up.sql after this branch forked at",
			"Rebase on develop and rename it to a version after 000003 (000004)")},
		added: []string{"db/migrations/000002_feat.up.sql"},
		notes: []string{"develop gained 1 migration(s) in db/migrations since this branch forked at", ": 000003_late.up.sql"},
	}, {
		name:    "golang-migrate: on top, up and down count once",
		base:    migrate,
		feature: map[string]string{"db/migrations/000002_feat.up.sql": "CREATE TABLE f (id int);\n", "db/migrations/000002_feat.down.sql": "DROP TABLE f;\n"},
		added:   []string{"db/migrations/000002_feat.up.sql"},
	}, {
		name:    "goose: stale after develop gained 010",
		base:    shop,
		feature: map[string]string{"db/migrations/003_zz.sql": goose("zz")},
		later:   map[string]string{"db/migrations/010_late.sql": goose("late")},
		want: []finding{errorAt("db/migrations/003_zz.sql:1", branch.RuleStale,
			"003_zz.sql sorts before 010_late.sql, the newest migration on develop", "rename it to a version after 010 (011)")},
		added: []string{"db/migrations/003_zz.sql"},
	}, {
		name:    "goose: a version develop already has",
		base:    shop3,
		feature: map[string]string{"db/migrations/002_zz.sql": goose("zz")},
		want: []finding{errorAt("db/migrations/002_zz.sql:1", branch.RuleDuplicate,
			"version 002 of 002_zz.sql is already used on develop by 002_orders.sql; rename it to a version after 003_items.sql")},
		added: []string{"db/migrations/002_zz.sql"},
	}, {
		name:    "Flyway: 1.9 sorts before 1.10",
		base:    flyway,
		feature: map[string]string{"db/migrations/V1.9__feat.sql": "CREATE TABLE f (id int);\n"},
		later:   map[string]string{"db/migrations/V1.10__late.sql": "CREATE TABLE l (id int);\n"},
		want: []finding{errorAt("db/migrations/V1.9__feat.sql:1", branch.RuleStale,
			"V1.9__feat.sql sorts before V1.10__late.sql", "rename it to a version after 1.10")},
		added: []string{"db/migrations/V1.9__feat.sql"},
	}, {
		name:    "Flyway: 1.02 is version 1.2",
		base:    flyway,
		feature: map[string]string{"db/migrations/V1.02__feat.sql": "CREATE TABLE f (id int);\n"},
		want: []finding{errorAt("db/migrations/V1.02__feat.sql:1", branch.RuleDuplicate,
			"version 1.02 of V1.02__feat.sql is already used on develop by V1.2__b.sql")},
		added: []string{"db/migrations/V1.02__feat.sql"},
	}, {
		name:    "goose: 3 is version 003",
		base:    shop3,
		feature: map[string]string{"db/migrations/3_x.sql": goose("x")},
		want: []finding{errorAt("db/migrations/3_x.sql:1", branch.RuleDuplicate,
			"version 3 of 3_x.sql is already used on develop by 003_items.sql")},
		added: []string{"db/migrations/3_x.sql"},
	}, {
		name:    "Flyway: 1.10 sorts after 1.2",
		base:    flyway,
		feature: map[string]string{"db/migrations/V1.10__feat.sql": "CREATE TABLE f (id int);\n"},
		added:   []string{"db/migrations/V1.10__feat.sql"},
	}, {
		name:    "Flyway: a repeatable migration has no version to order",
		base:    flyway,
		feature: map[string]string{"db/migrations/R__views.sql": "CREATE VIEW v AS SELECT 1;\n"},
		later:   map[string]string{"db/migrations/V2__late.sql": "CREATE TABLE l (id int);\n"},
		added:   []string{"db/migrations/R__views.sql"},
	}, {
		name:    "Flyway: added in a subdirectory of the set",
		base:    map[string]string{"db/migrations/V1__a.sql": "CREATE TABLE a (id int);\n", "db/migrations/V5__b.sql": "CREATE TABLE b (id int);\n"},
		feature: map[string]string{"db/migrations/sub/V3__c.sql": "CREATE TABLE c (id int);\n"},
		want: []finding{errorAt("db/migrations/sub/V3__c.sql:1", branch.RuleStale,
			"V3__c.sql sorts before V5__b.sql, the newest migration on develop")},
		added: []string{"db/migrations/sub/V3__c.sql"},
	}, {
		name:    "Flyway: on top in a subdirectory",
		base:    map[string]string{"db/migrations/V1__a.sql": "CREATE TABLE a (id int);\n", "db/migrations/V5__b.sql": "CREATE TABLE b (id int);\n"},
		feature: map[string]string{"db/migrations/sub/V6__c.sql": "CREATE TABLE c (id int);\n"},
		added:   []string{"db/migrations/sub/V6__c.sql"},
	}, {
		name:    "dbmate: timestamps",
		base:    map[string]string{"db/migrations/20240101000000_init.sql": dbmate("a")},
		feature: map[string]string{"db/migrations/20240301120000_feat.sql": dbmate("f")},
		later:   map[string]string{"db/migrations/20240401000000_late.sql": dbmate("l")},
		want: []finding{errorAt("db/migrations/20240301120000_feat.sql:1", branch.RuleStale,
			"20240301120000_feat.sql sorts before 20240401000000_late.sql", "rename it to a version after 20240401000000")},
		added: []string{"db/migrations/20240301120000_feat.sql"},
	}, {
		name:    "dbmate: on top",
		base:    map[string]string{"db/migrations/20240101000000_init.sql": dbmate("a")},
		feature: map[string]string{"db/migrations/20240501000000_feat.sql": dbmate("f")},
		later:   map[string]string{"db/migrations/20240401000000_late.sql": dbmate("l")},
		added:   []string{"db/migrations/20240501000000_feat.sql"},
		notes:   []string{"develop gained 1 migration(s) in db/migrations", "20240401000000_late.sql"},
	}, {
		name:    "duplicate version with develop",
		base:    shop3,
		feature: map[string]string{"db/migrations/004_tags.sql": goose("tags")},
		later:   map[string]string{"db/migrations/004_payments.sql": goose("payments"), "db/migrations/005_refunds.sql": goose("refunds")},
		want: []finding{errorAt("db/migrations/004_tags.sql:1", branch.RuleDuplicate,
			"version 004 of 004_tags.sql is already used on develop by 004_payments.sql; rename it to a version after 005_refunds.sql")},
		added: []string{"db/migrations/004_tags.sql"},
		notes: []string{"develop gained 2 migration(s) in db/migrations", "004_payments.sql, 005_refunds.sql"},
	}, {
		name:    "two new files with one version",
		config:  "branch:\n  max_migrations: 2\n",
		base:    shop,
		feature: map[string]string{"db/migrations/003_a.sql": goose("a"), "db/migrations/003_b.sql": goose("b")},
		want: []finding{errorAt("db/migrations/003_b.sql:1", branch.RuleDuplicate,
			"version 003 of 003_b.sql is also used by 003_a.sql on this branch")},
		added: []string{"db/migrations/003_a.sql", "db/migrations/003_b.sql"},
	}, {
		name:    "diesel: a migration directory sorts before develop's newest",
		base:    diesel,
		feature: map[string]string{"migrations/2024-02-01-000000_feat/up.sql": "CREATE TABLE f (id int);\n", "migrations/2024-02-01-000000_feat/down.sql": "DROP TABLE f;\n"},
		later:   map[string]string{"migrations/2024-03-01-000000_late/up.sql": "CREATE TABLE l (id int);\n"},
		want: []finding{errorAt("migrations/2024-02-01-000000_feat/up.sql:1", branch.RuleStale,
			"2024-02-01-000000_feat sorts before 2024-03-01-000000_late, the newest migration on develop", "rename it to a version after 20240301000000")},
		added: []string{"migrations/2024-02-01-000000_feat/up.sql"},
		notes: []string{"develop gained 1 migration(s) in migrations", ": 2024-03-01-000000_late"},
	}, {
		name:    "diesel: on top, metadata.toml and down.sql do not count",
		base:    diesel,
		feature: map[string]string{"migrations/2024-04-01-000000_feat/up.sql": "SELECT 1;\n", "migrations/2024-04-01-000000_feat/down.sql": "SELECT 1;\n", "migrations/2024-04-01-000000_feat/metadata.toml": "run_in_transaction = false\n"},
		added:   []string{"migrations/2024-04-01-000000_feat/up.sql"},
	}, {
		name:    "Sqitch: the plan orders changes, so a name that sorts first is no stale migration",
		base:    sqitch,
		feature: map[string]string{"db/deploy/aardvark.sql": "SELECT 1;\n", "db/revert/aardvark.sql": "SELECT 1;\n", "db/verify/aardvark.sql": "SELECT 1;\n"},
		later:   map[string]string{"db/deploy/zebra.sql": "SELECT 1;\n"},
		added:   []string{"db/deploy/aardvark.sql"},
	}} {
		t.Run(tc.name, tc.check)
	}
}

var (
	// diesel is a diesel project: a directory per migration.
	diesel = map[string]string{
		"migrations/2024-01-01-000000_init/up.sql":   "CREATE TABLE a (id int);\n",
		"migrations/2024-01-01-000000_init/down.sql": "DROP TABLE a;\n",
	}
	// sqitch is a Sqitch project: its plan orders the deploy scripts.
	sqitch = map[string]string{
		"db/sqitch.plan":      "%project=p\n\nusers 2024-01-01T10:00:00Z A <a@b.c>\n",
		"db/deploy/users.sql": "CREATE TABLE users (id int);\n",
	}
)

// Migrations already on the base are not edited, renamed or deleted;
// layout-only edits are information (errors with strict_formatting), and
// what the base did too, or already holds, is no change of the branch's.
func TestMergedMigrations(t *testing.T) {
	reformatted := "-- +goose Up\n-- orders of the shop\nCREATE TABLE orders (\n    id bigint PRIMARY KEY\n);\n"
	for _, tc := range []historyCase{{
		name:    "edit",
		base:    shop,
		feature: map[string]string{"db/migrations/002_orders.sql": goose("orders2")},
		want: []finding{errorAt("db/migrations/002_orders.sql:1", branch.RuleEditMerged,
			"this branch edits db/migrations/002_orders.sql, a migration that is on develop; databases that ran it will not run the change")},
	}, {
		name:    "rename to a new version",
		base:    shop3,
		feature: map[string]string{"db/migrations/003_items.sql": gitmem.Deleted, "db/migrations/007_items.sql": goose("items")},
		want: []finding{errorAt("db/migrations/007_items.sql:1", branch.RuleEditMerged,
			"this branch renames db/migrations/003_items.sql, a migration that is on develop, to 007_items.sql; the tool takes the new name for a new migration")},
		added: []string{"db/migrations/007_items.sql"},
	}, {
		name:    "delete",
		base:    shop,
		feature: map[string]string{"db/migrations/001_users.sql": gitmem.Deleted},
		want: []finding{errorAt("db/migrations/001_users.sql:1", branch.RuleEditMerged,
			"this branch deletes db/migrations/001_users.sql, a migration that is on develop; databases keep what it did")},
	}, {
		name:    "edit of a migration develop has deleted since",
		base:    shop,
		feature: map[string]string{"db/migrations/001_users.sql": goose("users2")},
		later:   map[string]string{"db/migrations/001_users.sql": gitmem.Deleted},
		want: []finding{errorAt("db/migrations/001_users.sql:1", branch.RuleEditMerged,
			"a migration that is on develop when this branch forked")},
	}, {
		name:    "layout only",
		base:    shop,
		feature: map[string]string{"db/migrations/002_orders.sql": reformatted},
		want: []finding{infoAt("db/migrations/002_orders.sql:1", branch.RuleReformat,
			"this branch reformats db/migrations/002_orders.sql, a migration that is on develop (whitespace, comments or quoting only)")},
	}, {
		name:    "layout only, strict",
		config:  "branch:\n  strict_formatting: true\n",
		base:    shop,
		feature: map[string]string{"db/migrations/002_orders.sql": reformatted},
		want: []finding{errorAt("db/migrations/002_orders.sql:1", branch.RuleReformat,
			"this branch reformats db/migrations/002_orders.sql")},
	}, {
		name:    "a goose directive is no layout",
		base:    shop,
		feature: map[string]string{"db/migrations/002_orders.sql": "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE TABLE orders (id bigint PRIMARY KEY);\n"},
		want:    []finding{errorAt("db/migrations/002_orders.sql:1", branch.RuleEditMerged, "this branch edits")},
	}, {
		name: "the same edit, rename and deletion on develop",
		base: shop3,
		feature: map[string]string{
			"db/migrations/001_users.sql":  gitmem.Deleted,
			"db/migrations/002_orders.sql": goose("orders2"),
			"db/migrations/003_items.sql":  gitmem.Deleted,
			"db/migrations/007_items.sql":  goose("items"),
		},
		later: map[string]string{
			"db/migrations/001_users.sql":  gitmem.Deleted,
			"db/migrations/002_orders.sql": goose("orders2"),
			"db/migrations/003_items.sql":  gitmem.Deleted,
			"db/migrations/007_items.sql":  goose("items"),
		},
		notes: []string{"develop gained 1 migration(s) in db/migrations", "007_items.sql"},
	}, {
		name:    "squash-merged onto develop with the same content",
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items")},
		later:   map[string]string{"db/migrations/003_items.sql": goose("items")},
		notes:   []string{"db/migrations/003_items.sql is already on develop with the same content (squash-merged or cherry-picked): not counted"},
	}, {
		name:    "the branch edits its own migration",
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items")},
		stage:   map[string]string{"db/migrations/003_items.sql": goose("items2")},
		added:   []string{"db/migrations/003_items.sql"},
	}} {
		t.Run(tc.name, tc.check)
	}
}

// What the configuration ignores, and what lies outside the project root,
// is not checked; paths are reported relative to the root.
func TestScopeOfChanges(t *testing.T) {
	svc := map[string]string{
		"svc/db/migrations/001_users.sql": goose("users"),
		"db/migrations/001_other.sql":     goose("other"),
		"tools/003_new.sql":               goose("new"),
	}
	for _, tc := range []historyCase{{
		name:   "ignored paths",
		config: "ignore:\n  - db/legacy\n",
		base:   with(shop, map[string]string{"db/legacy/001_a.sql": goose("a")}),
		feature: map[string]string{
			"db/legacy/001_a.sql": goose("a2"),
			"db/legacy/002_b.sql": goose("b"),
			"db/legacy/003_c.sql": goose("c"),
		},
		sets: []string{},
	}, {
		name:   "ignored paths beside checked ones",
		config: "ignore:\n  - db/legacy/**\n",
		base:   with(shop, map[string]string{"db/legacy/001_a.sql": goose("a")}),
		feature: map[string]string{
			"db/legacy/001_a.sql":          gitmem.Deleted,
			"db/migrations/002_orders.sql": goose("orders2"),
		},
		want: []finding{errorAt("db/migrations/002_orders.sql:1", branch.RuleEditMerged, "this branch edits db/migrations/002_orders.sql")},
	}, {
		name:   "below the root only",
		prefix: "svc/",
		base:   svc,
		feature: map[string]string{
			"svc/db/migrations/002_orders.sql": goose("orders"),
			"db/migrations/002_a.sql":          goose("a"),
			"db/migrations/003_b.sql":          goose("b"),
			"db/migrations/001_other.sql":      gitmem.Deleted,
		},
		added: []string{"db/migrations/002_orders.sql"},
		sets:  []string{"db/migrations"},
	}, {
		name:   "findings relative to the root",
		prefix: "svc/",
		base:   svc,
		feature: map[string]string{
			"svc/db/migrations/002_orders.sql": goose("orders"),
			"svc/db/migrations/003_items.sql":  goose("items"),
			"svc/db/migrations/001_users.sql":  goose("users2"),
		},
		want: []finding{
			errorAt("db/migrations/001_users.sql:1", branch.RuleEditMerged, "this branch edits db/migrations/001_users.sql"),
			errorAt("db/migrations/003_items.sql:1", branch.RuleCount, "adds 2 migrations to db/migrations"),
		},
		added: []string{"db/migrations/002_orders.sql", "db/migrations/003_items.sql"},
	}, {
		name:    "moved in from outside the root",
		prefix:  "svc/",
		base:    svc,
		feature: map[string]string{"tools/003_new.sql": gitmem.Deleted, "svc/db/migrations/003_new.sql": goose("new")},
		added:   []string{"db/migrations/003_new.sql"},
	}} {
		t.Run(tc.name, tc.check)
	}
}

// An Alembic revision's down_revision is the base's single head; its id
// is new; file names do not matter.
func TestAlembic(t *testing.T) {
	configured := map[string]string{
		"db/alembic.ini":         "[alembic]\nscript_location = %(here)s\n",
		"db/env.py":              "# env\n",
		"db/versions/a1_init.py": revision("a1", ""),
		"db/versions/b2_next.py": revision("b2", "a1"),
	}
	locations := map[string]string{
		"alembic.ini":                     "[alembic]\nscript_location = migrations\nversion_locations = %(here)s/migrations/revisions\n",
		"migrations/env.py":               "# env\n",
		"migrations/revisions/a1_init.py": revision("a1", ""),
		"migrations/revisions/b2_next.py": revision("b2", "a1"),
	}
	for _, tc := range []historyCase{{
		name:    "a new revision on the head",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")},
		added:   []string{"alembic/versions/c3_feat.py"},
	}, {
		name:    "develop gained a revision on the same parent",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")},
		later:   map[string]string{"alembic/versions/d4_dev.py": revision("d4", "b2")},
		want: []finding{errorAt("alembic/versions/c3_feat.py:5", branch.RuleStale,
			"revision c3 has down_revision = 'b2', but develop gained d4 since this branch forked; rebase on develop and set down_revision = 'd4'")},
		added: []string{"alembic/versions/c3_feat.py"},
		notes: []string{"develop gained 1 revision(s) in alembic since this branch forked at", ": d4"},
	}, {
		name:    "down_revision below the head",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "a1")},
		want: []finding{errorAt("alembic/versions/c3_feat.py:5", branch.RuleStale,
			"revision c3 has down_revision = 'a1', but the head of develop is 'b2'; rebase on develop and set down_revision = 'b2'")},
		added: []string{"alembic/versions/c3_feat.py"},
	}, {
		name:    "an id already on develop",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": strings.Replace(revision("b2", "a1"), "SELECT 1", "SELECT 3", 1)},
		want: []finding{errorAt("alembic/versions/c3_feat.py:4", branch.RuleDuplicate,
			"revision id b2 is already used on develop by alembic/versions/b2_next.py; give this revision a new id")},
	}, {
		name:    "a revision squash-merged onto develop",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")},
		later:   map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")},
		notes:   []string{"revision c3 (alembic/versions/c3_feat.py) is already on develop (squash-merged or cherry-picked): not counted"},
	}, {
		name:    "two revisions on one parent leave two heads",
		config:  "branch:\n  max_migrations: 2\n",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2"), "alembic/versions/c4_feat.py": revision("c4", "b2")},
		want: []finding{errorAt("alembic/versions/c4_feat.py:5", branch.RuleHeads,
			"merging this branch into develop leaves 2 heads in alembic (c3, c4); set down_revision = 'b2'")},
		added: []string{"alembic/versions/c3_feat.py", "alembic/versions/c4_feat.py"},
	}, {
		name:    "two revisions in a row",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2"), "alembic/versions/c4_feat.py": revision("c4", "c3")},
		want: []finding{errorAt("alembic/versions/c4_feat.py:4", branch.RuleCount,
			"this branch adds 2 revisions to alembic (at most 1 per branch): c3, c4; fold them into one")},
		added: []string{"alembic/versions/c3_feat.py", "alembic/versions/c4_feat.py"},
	}, {
		name:    "a configured set",
		config:  "sets:\n  - path: db\n    format: alembic\n",
		base:    configured,
		feature: map[string]string{"db/versions/c3_feat.py": revision("c3", "b2")},
		later:   map[string]string{"db/versions/d4_dev.py": revision("d4", "b2")},
		want: []finding{errorAt("db/versions/c3_feat.py:5", branch.RuleStale,
			"revision c3 has down_revision = 'b2', but develop gained d4")},
		added: []string{"db/versions/c3_feat.py"},
		sets:  []string{"db"},
	}, {
		name:    "version locations named in alembic.ini",
		base:    locations,
		feature: map[string]string{"migrations/revisions/c3_feat.py": revision("c3", "b2")},
		later:   map[string]string{"migrations/revisions/d4_dev.py": revision("d4", "b2")},
		want: []finding{errorAt("migrations/revisions/c3_feat.py:5", branch.RuleStale,
			"revision c3 has down_revision = 'b2', but develop gained d4")},
		added: []string{"migrations/revisions/c3_feat.py"},
	}, {
		name:    "a pure rename of a revision file",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/b2_next.py": gitmem.Deleted, "alembic/versions/0002_b2_next.py": revision("b2", "a1")},
		notes:   []string{"alembic/versions/b2_next.py was renamed to 0002_b2_next.py; Alembic identifies revisions by id, so nothing changes"},
	}, {
		name:    "an edited revision",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/b2_next.py": strings.Replace(revision("b2", "a1"), "SELECT 1", "SELECT 2", 1)},
		want: []finding{errorAt("alembic/versions/b2_next.py:1", branch.RuleEditMerged,
			"this branch edits alembic/versions/b2_next.py, a migration that is on develop")},
	}, {
		name:    "a deleted revision",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/b2_next.py": gitmem.Deleted},
		want: []finding{errorAt("alembic/versions/b2_next.py:1", branch.RuleEditMerged,
			"this branch deletes alembic/versions/b2_next.py, a migration that is on develop")},
	}, {
		name:    "a reformatted revision",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/b2_next.py": strings.ReplaceAll(revision("b2", "a1"), "'", "\"")},
		want: []finding{infoAt("alembic/versions/b2_next.py:1", branch.RuleReformat,
			"this branch reformats alembic/versions/b2_next.py")},
	}, {
		name: "an edit that leaves the SQL as it was",
		base: alembicShop,
		feature: map[string]string{"alembic/versions/b2_next.py": strings.Replace(strings.Replace(revision("b2", "a1"),
			"from alembic import op\n", "from alembic import op\nimport sqlalchemy as sa  # unused\n", 1),
			"    op.execute('SELECT 1')", "    stmt = sa.text('SELECT 1')\n    op.execute(stmt)", 1)},
		want: []finding{infoAt("alembic/versions/b2_next.py:1", branch.RuleReformat,
			"this branch edits alembic/versions/b2_next.py, a migration that is on develop, without changing the SQL its upgrade() runs")},
	}, {
		name:    "a renamed file with a new revision id is a deletion and an addition",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/b2_next.py": gitmem.Deleted, "alembic/versions/c3_next.py": strings.Replace(revision("b2", "a1"), "'b2'", "'c3'", 1)},
		want: []finding{errorAt("alembic/versions/b2_next.py:1", branch.RuleEditMerged,
			"this branch deletes alembic/versions/b2_next.py, a migration that is on develop"),
			errorAt("alembic/versions/c3_next.py:5", branch.RuleStale, "revision c3 has down_revision = 'a1'")},
		added: []string{"alembic/versions/c3_next.py"},
	}, {
		name:    "three revisions: one count error, at the first one past the limit",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2"), "alembic/versions/c4_feat.py": revision("c4", "c3"), "alembic/versions/c5_feat.py": revision("c5", "c4")},
		want: []finding{errorAt("alembic/versions/c4_feat.py:4", branch.RuleCount,
			"this branch adds 3 revisions to alembic (at most 1 per branch): c3, c4, c5; fold them into one")},
		added: []string{"alembic/versions/c3_feat.py", "alembic/versions/c4_feat.py", "alembic/versions/c5_feat.py"},
	}, {
		name:    "the branch that introduces the set adds as many revisions as it needs",
		base:    shop,
		feature: with(alembicShop, map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")}),
		added:   []string{"alembic/versions/a1_init.py", "alembic/versions/b2_next.py", "alembic/versions/c3_feat.py"},
		notes:   []string{"this branch introduces the migration set alembic with 3 revisions (a1, b2, c3)"},
	}, {
		name:    "the revisions develop gained are listed in the order Alembic applies them",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")},
		later:   map[string]string{"alembic/versions/z9_dev.py": revision("z9", "b2"), "alembic/versions/a0_dev.py": revision("a0", "z9")},
		want:    []finding{errorAt("alembic/versions/c3_feat.py:5", branch.RuleStale, "but develop gained a0 since this branch forked")},
		added:   []string{"alembic/versions/c3_feat.py"},
		notes:   []string{"develop gained 2 revision(s) in alembic since this branch forked at", ": z9, a0"},
	}, {
		name:    "a rebaseline is one error with the procedure",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/a1_init.py": gitmem.Deleted, "alembic/versions/b2_next.py": gitmem.Deleted, "alembic/versions/r0_base.py": revision("r0", "")},
		want: []finding{errorAt("alembic/versions/r0_base.py:4", branch.RuleRebaseline,
			"this branch rebaselines alembic: it deletes the 2 revision(s) that are on develop (head b2) and adds r0, a new base",
			"alembic stamp r0 --purge", "branch.allow_rebaseline: true")},
		added: []string{"alembic/versions/r0_base.py"},
	}, {
		name:    "a rebaseline that the configuration allows",
		config:  "branch:\n  allow_rebaseline: true\n",
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/a1_init.py": gitmem.Deleted, "alembic/versions/b2_next.py": gitmem.Deleted, "alembic/versions/r0_base.py": revision("r0", "")},
		added:   []string{"alembic/versions/r0_base.py"},
		notes:   []string{"this branch rebaselines alembic: it deletes the 2 revision(s) develop had and adds the new base r0 (branch.allow_rebaseline)"},
	}} {
		t.Run(tc.name, tc.check)
	}
}

// The staged index is checked at pre-commit time; the first commit of a
// repository has nothing to compare with.
func TestStaged(t *testing.T) {
	for _, tc := range []historyCase{{
		name:    "edits, renames and deletions staged on a branch",
		base:    shop3,
		feature: map[string]string{"db/migrations/002_orders.sql": goose("orders2")},
		stage: map[string]string{
			"db/migrations/001_users.sql": gitmem.Deleted,
			"db/migrations/003_items.sql": gitmem.Deleted,
			"db/migrations/007_items.sql": goose("items"),
		},
		want: []finding{
			errorAt("db/migrations/001_users.sql:1", branch.RuleEditMerged, "this branch deletes db/migrations/001_users.sql"),
			errorAt("db/migrations/002_orders.sql:1", branch.RuleEditMerged, "this branch edits db/migrations/002_orders.sql"),
			errorAt("db/migrations/007_items.sql:1", branch.RuleEditMerged, "this branch renames db/migrations/003_items.sql"),
		},
		added: []string{"db/migrations/007_items.sql"},
	}, {
		name: "a migration staged on develop itself",
		build: func(r *gitmem.Repo) {
			r.Commit("develop", shop)
		},
		stage: map[string]string{"db/migrations/003_items.sql": goose("items")},
		added: []string{"db/migrations/003_items.sql"},
	}, {
		name: "two migrations staged on develop itself",
		build: func(r *gitmem.Repo) {
			r.Commit("develop", shop)
		},
		stage: map[string]string{"db/migrations/003_items.sql": goose("items"), "db/migrations/004_tags.sql": goose("tags")},
		want:  []finding{errorAt("db/migrations/004_tags.sql:1", branch.RuleCount, "adds 2 migrations")},
		added: []string{"db/migrations/003_items.sql", "db/migrations/004_tags.sql"},
	}, {
		name:  "the initial commit",
		build: func(r *gitmem.Repo) {},
		stage: with(shop, map[string]string{"db/migrations/003_items.sql": goose("items")}),
		sets:  []string{},
	}} {
		t.Run(tc.name, tc.check)
	}
}

// Result.Sources holds the text of every file a finding points into (the
// text report shows excerpts of it), as the checked tree has it.
func TestSources(t *testing.T) {
	for _, tc := range []historyCase{{
		name:    "stale and edited",
		base:    shop,
		feature: map[string]string{"db/migrations/002_orders.sql": goose("orders2"), "db/migrations/003_zz.sql": goose("zz")},
		later:   map[string]string{"db/migrations/010_late.sql": goose("late")},
	}, {
		name:    "reformatted",
		base:    shop,
		feature: map[string]string{"db/migrations/002_orders.sql": "-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY);\n\n"},
	}} {
		t.Run(tc.name, func(t *testing.T) { checkSources(t, tc, 1) })
	}
}

// checkSources checks that Sources holds the branch's text of each file
// with a finding, and that there are at least min findings.
func checkSources(t *testing.T, tc historyCase, min int) {
	t.Helper()
	res := tc.run(t)
	if len(res.Findings) < min {
		t.Fatalf("%d findings, want at least %d", len(res.Findings), min)
	}
	for _, f := range res.Findings {
		if src, ok := res.Sources[f.Path]; !ok || src != tc.feature[f.Path] {
			t.Errorf("Sources[%s] = %q, %v; want the branch's text %q (finding %s)", f.Path, src, ok, tc.feature[f.Path], f.Rule)
		}
	}
}

// Alembic findings point at the revision files too (the stale
// down_revision line): their text is in Sources, for the report's excerpt.
func TestAlembicSources(t *testing.T) {
	checkSources(t, historyCase{
		base:    alembicShop,
		feature: map[string]string{"alembic/versions/c3_feat.py": revision("c3", "b2")},
		later:   map[string]string{"alembic/versions/d4_dev.py": revision("d4", "b2")},
	}, 1)
}

// A migration that develop gained since the fork under the same name but
// with other content is the branch's version taken twice, as when the
// names differ (004_tags.sql against 004_payments.sql above): merging
// conflicts, and whichever side wins, one migration is lost.
func TestSameNameOtherContent(t *testing.T) {
	historyCase{
		base:    shop,
		feature: map[string]string{"db/migrations/003_items.sql": goose("items")},
		later:   map[string]string{"db/migrations/003_items.sql": goose("other")},
		want: []finding{errorAt("db/migrations/003_items.sql:1", branch.RuleDuplicate,
			"version 003 of 003_items.sql is already used on develop")},
		added: []string{"db/migrations/003_items.sql"},
	}.check(t)
}
