package models_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/migguard/migguard/hooks/models"
	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/gitview/gitmem"
	"github.com/migguard/migguard/internal/project"
)

const (
	userModel = "package store\n\ntype User struct {\n\tID int64 `db:\"id\"`\n}\n"
	// userEmail adds a mapped field; userComment changes only a comment.
	userEmail   = "package store\n\ntype User struct {\n\tID int64 `db:\"id\"`\n\tEmail string `db:\"email\"`\n}\n"
	userComment = "package store\n\n// User is a user.\ntype User struct {\n\tID int64 `db:\"id\"`\n}\n"
)

// checkFeature commits the feature's files on a branch forked from a
// develop holding a model and runs Check over it with added, counting
// its calls.
func checkFeature(t *testing.T, feature map[string]string, added func() ([]string, error)) (*models.Result, int, error) {
	t.Helper()
	r := gitmem.New()
	r.SetRef("feature", r.Commit("develop", map[string]string{
		"internal/store/models.go":    userModel,
		"db/migrations/001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n",
	}))
	r.Checkout("feature")
	r.Commit("feature", feature)
	s, err := scope.Resolve(r, scope.Options{})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	res, err := models.Check(r, s, models.Options{Globs: []string{"internal/store/*.go"}}, func() ([]string, error) {
		calls++
		return added()
	})
	return res, calls, err
}

// projectCase is a branch over a project of migration sets: develop holds
// base, the feature commits feature (its .sql files are the migrations it
// adds), and want is words of the one finding expected ("" for none).
type projectCase struct {
	name    string
	feature map[string]string
	want    string
}

// checkProject runs Check, with the project that the trees hold, on each
// case's branch forked from base, and compares the findings.
func checkProject(t *testing.T, base map[string]string, cases []projectCase) {
	t.Helper()
	for _, tc := range cases {
		r := gitmem.New()
		r.SetRef("feature", r.Commit("develop", base))
		r.Checkout("feature")
		r.Commit("feature", tc.feature)
		s, err := scope.Resolve(r, scope.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var added []string
		for p := range tc.feature {
			if strings.HasSuffix(p, ".sql") {
				added = append(added, p)
			}
		}
		slices.Sort(added)
		o := models.Options{Globs: []string{"internal/store/*.go"}, Project: project.New(nil, "/repo", config.Default())}
		res, err := models.Check(r, s, o, func() ([]string, error) { return added, nil })
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Message)
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: findings %q, want none", tc.name, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
			t.Errorf("%s: findings %q, want one saying %q", tc.name, got, tc.want)
		}
	}
}

// TestCheckAsksForAddedOnlyForModelChanges: the branch's migrations
// (the branch check's work) are asked for only when a model changes in a
// way that can touch the schema, and what they say is used.
func TestCheckAsksForAddedOnlyForModelChanges(t *testing.T) {
	failing := func() ([]string, error) { return nil, errors.New("the branch check failed") }
	none := func() ([]string, error) { return nil, nil }
	one := func() ([]string, error) { return []string{"db/migrations/002_email.sql"}, nil }

	for _, tc := range []struct {
		name    string
		feature map[string]string
	}{
		{"no model file changed", map[string]string{"README.md": "shop\n"}},
		{"a comment of a model changed", map[string]string{"internal/store/models.go": userComment}},
	} {
		res, calls, err := checkFeature(t, tc.feature, failing)
		if err != nil {
			t.Errorf("%s: %d calls, err %v; want no call and no error", tc.name, calls, err)
		} else if calls != 0 || len(res.Findings) != 0 {
			t.Errorf("%s: %d calls, findings %v; want no call and no finding", tc.name, calls, res.Findings)
		}
	}

	field := map[string]string{"internal/store/models.go": userEmail}
	if _, calls, err := checkFeature(t, field, failing); err == nil || !strings.Contains(err.Error(), "the branch check failed") || calls != 1 {
		t.Errorf("a field added, the branch check failing: %d calls, err %v; want 1 call and its error", calls, err)
	}
	res, calls, err := checkFeature(t, field, none)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Message, "adds no migration") {
		t.Errorf("a field added without a migration: %d calls, err %v, findings %v; want 1 call and a finding", calls, err, res.Findings)
	}
	res, calls, err = checkFeature(t, field, one)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(res.Findings) != 0 || !strings.Contains(strings.Join(res.Notes, "\n"), "002_email.sql") {
		t.Errorf("a field added with a migration: %d calls, err %v, findings %v, notes %q; want 1 call, no finding, a note naming it", calls, err, res.Findings, res.Notes)
	}
}

// When two sets create the model's table (a legacy set kept beside the
// current one, say), the change is judged against the set that the
// branch adds its migration to, whichever sorts first.
func TestCheckJudgesAgainstTheSetTheBranchChanges(t *testing.T) {
	// The models name their table, as pop's and GORM's TableName do.
	const tableName = "\nfunc (User) TableName() string { return \"users\" }\n"
	userModel, userEmail := userModel+tableName, userEmail+tableName
	users := "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n"
	base := map[string]string{
		"internal/store/models.go":          userModel,
		"a_legacy/migrations/001_users.sql": users,
		"db/migrations/001_users.sql":       users,
		"a_legacy/migrations/002_other.sql": "-- +goose Up\nCREATE TABLE other (id bigint PRIMARY KEY);\n",
		"db/migrations/002_other.sql":       "-- +goose Up\nCREATE TABLE other (id bigint PRIMARY KEY);\n",
	}
	checkProject(t, base, []projectCase{
		{"the migration in the current set", map[string]string{
			"internal/store/models.go":    userEmail,
			"db/migrations/003_email.sql": "-- +goose Up\nALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';\n",
		}, ""},
		{"the migration in the legacy set", map[string]string{
			"internal/store/models.go":          userEmail,
			"a_legacy/migrations/003_email.sql": "-- +goose Up\nALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';\n",
		}, ""},
		{"a migration that does not add the column", map[string]string{
			"internal/store/models.go":    userEmail,
			"db/migrations/003_other.sql": "-- +goose Up\nALTER TABLE other ADD COLUMN note text;\n",
		}, "has no column users.email"},
		{"no migration", map[string]string{"internal/store/models.go": userEmail}, "has no column users.email"},
	})
}

// Without a migration of the branch in either set, the set that Go code
// embeds is the one consulted (project.LiveFirst, as the analyzers do),
// not a legacy set that sorts first: a field removed whose column the
// live set keeps NOT NULL without a default is reported.
func TestCheckJudgesAgainstTheLiveSet(t *testing.T) {
	const tableName = "\nfunc (User) TableName() string { return \"users\" }\n"
	base := map[string]string{
		"internal/store/models.go":          userEmail + tableName,
		"a_legacy/migrations/001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY);\n",
		"db/migrations/001_users.sql":       "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
		"db/db.go":                          "package db\n\nimport \"embed\"\n\n//go:embed migrations/*.sql\nvar Migrations embed.FS\n",
	}
	checkProject(t, base, []projectCase{{"a field removed, no migration", map[string]string{"internal/store/models.go": userModel + tableName},
		"still in the schema the migrations build, NOT NULL without a default"}})
}

// A field's new Go type must fit its column: an int64 over a text column
// is reported until a migration changes the column's type; a change the
// column already fits (a pointer, an enum read as a string) is made.
func TestCheckFieldTypeAgainstColumn(t *testing.T) {
	const tableName = "\nfunc (User) TableName() string { return \"users\" }\n"
	model := func(fields string) string {
		return "package store\n\ntype User struct {\n\tID int64 `db:\"id\"`\n" + fields + "}\n" + tableName
	}
	users := "-- +goose Up\nCREATE TYPE mood AS ENUM ('ok', 'sad');\n" +
		"CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL DEFAULT '', mood mood NOT NULL DEFAULT 'ok', note text);\n"
	fields := func(email, mood, note string) string {
		return "\tEmail " + email + " `db:\"email\"`\n\tMood " + mood + " `db:\"mood\"`\n\tNote " + note + " `db:\"note\"`\n"
	}
	base := map[string]string{
		"internal/store/models.go":    model(fields("string", "int", "string")),
		"db/migrations/001_users.sql": users,
	}
	checkProject(t, base, []projectCase{
		{"int64 over text", map[string]string{"internal/store/models.go": model(fields("int64", "int", "string"))},
			"column users.email is text in the schema the migrations build, which the model's int64 cannot hold"},
		{"int64 over text, the column changed", map[string]string{
			"internal/store/models.go":    model(fields("int64", "int", "string")),
			"db/migrations/002_email.sql": "-- +goose Up\nALTER TABLE users ALTER COLUMN email TYPE bigint USING email::bigint;\n",
		}, ""},
		{"a pointer over a nullable column", map[string]string{"internal/store/models.go": model(fields("string", "int", "*string"))}, ""},
		{"a pointer over a NOT NULL column", map[string]string{"internal/store/models.go": model(fields("*string", "int", "string"))},
			"column users.email is NOT NULL in the schema the migrations build; the model makes it nullable"},
		{"a string over an enum", map[string]string{"internal/store/models.go": model(fields("string", "string", "string"))}, ""},
		{"a type change that keeps nullability, over a nullable column", map[string]string{"internal/store/models.go": model(fields("string", "int", "[]byte"))}, ""},
	})
}
