package usage

import (
	"io/fs"
	"maps"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
)

// writeTree writes files (slash paths → content) below a new directory
// and returns the project of that directory.
func writeTree(t *testing.T, files map[string]string) *project.Project {
	t.Helper()
	dir := treetest.Temp(t, files)
	p, err := project.Open(dir, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const goModels = `package app

import (
	"gorm.io/gorm"
	"github.com/uptrace/bun"
)

type User struct {
	gorm.Model
	Email    string
	Nickname string ` + "`gorm:\"column:nick\"`" + `
}

type Order struct {
	bun.BaseModel ` + "`bun:\"table:shop.orders\"`" + `
	ID     int64
	Coupon string
}

//migguard:model table=accounts
type Account struct {
	ID    int64  ` + "`db:\"id\"`" + `
	Plan  string ` + "`db:\"plan\"`" + `
}
`

const goQueries = `package app

const byID = "SELECT u.id, u.email FROM users u WHERE u.id = $1"

func q() {
	db.Exec("UPDATE accounts SET plan = ? WHERE id = ?", p, id)
	db.Query(` + "`" + `
		SELECT o.coupon, a.plan
		FROM shop.orders o JOIN accounts a ON a.id = o.account_id
		WHERE o.id IN (SELECT order_id FROM refunds WHERE reason = :reason)` + "`" + `)
	db.Exec("INSERT INTO events (kind, " + "payload) VALUES ($1, $2)")
	db.Exec("DELETE FROM sessions WHERE expires_at < now()")
	db.Exec("WITH recent AS (SELECT id FROM logins) SELECT id FROM recent")
	fmt.Println("select the best option")
}
`

const pyModels = `from sqlalchemy import Column, Integer, String, Table, MetaData
from sqlalchemy.orm import declarative_base

Base = declarative_base()
metadata = MetaData()

class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    total_cents = Column("total", Integer)

audit = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor", String(50)),
)


def recent(session):
    return session.execute(text("SELECT number FROM receipts "
                                "WHERE paid_at > %(since)s"), {"since": 1})
`

func build(t *testing.T, extra map[string]string) *Index {
	files := map[string]string{"app/models.go": goModels, "app/queries.go": goQueries, "app/models.py": pyModels}
	for k, v := range extra {
		files[k] = v
	}
	return Build(writeTree(t, files), nil)
}

func whats(us []rules.CodeUse) string {
	var out []string
	for _, u := range us {
		out = append(out, u.String())
	}
	return strings.Join(out, "; ")
}

func TestIndex(t *testing.T) {
	ix := build(t, nil)
	for _, tc := range []struct {
		schema, table, column string
		want                  string // "" for no use
	}{
		// Go models: gorm (column tag, gorm.Model fields), bun, db.
		{"", "users", "nick", "gorm model User field Nickname (app/models.go:11)"},
		{"", "users", "deleted_at", "gorm model User field Model.DeletedAt (app/models.go:9)"},
		{"", "users", "nickname", ""}, // the tag maps the field elsewhere
		{"shop", "orders", "coupon", "bun model Order field Coupon (app/models.go:17); query \"SELECT o.coupon, a.plan FROM shop.orders o JOIN accounts a …\" (app/queries.go:7)"},
		{"other", "orders", "coupon", ""}, // another schema's table
		{"", "accounts", "plan", "db model Account field Plan (app/models.go:23); query \"UPDATE accounts SET plan = ? WHERE id = ?\" (app/queries.go:6); query \"SELECT o.coupon, a.plan FROM shop.orders o JOIN accounts a …\" (app/queries.go:7)"},
		// Raw SQL in Go strings.
		{"", "users", "email", "gorm model User field Email (app/models.go:10); query \"SELECT u.id, u.email FROM users u WHERE u.id = $1\" (app/queries.go:3)"},
		{"", "refunds", "reason", "query \"SELECT o.coupon, a.plan FROM shop.orders o JOIN accounts a …\" (app/queries.go:7)"},
		{"", "orders", "reason", ""}, // the subquery's column is not the outer query's table's
		{"", "events", "payload", "query \"INSERT INTO events (kind, payload) VALUES ($1, $2)\" (app/queries.go:11)"},
		{"", "sessions", "expires_at", "query \"DELETE FROM sessions WHERE expires_at < now()\" (app/queries.go:12)"},
		{"", "logins", "id", "query \"WITH recent AS (SELECT id FROM logins) SELECT id FROM recent\" (app/queries.go:13)"},
		{"", "recent", "id", ""}, // a CTE is no table
		// SQLAlchemy: a class (column name from Column("total")) and a Table.
		{"", "invoices", "total", "SQLAlchemy model Invoice attribute total_cents (app/models.py:10)"},
		{"", "invoices", "total_cents", ""},
		{"", "audit_log", "actor", "SQLAlchemy Table audit_log column actor (app/models.py:12)"},
		// SQL in Python strings.
		{"", "receipts", "paid_at", "query \"SELECT number FROM receipts WHERE paid_at > %(since)s\" (app/models.py:21)"},
		// The same column name on another table.
		{"", "customers", "email", ""},
		{"", "customers", "plan", ""},
	} {
		if got := whats(ix.ColumnUses(tc.schema, tc.table, tc.column)); got != tc.want {
			t.Errorf("ColumnUses(%q, %q, %q) =\n\t%s\nwant\n\t%s", tc.schema, tc.table, tc.column, got, tc.want)
		}
	}
	for _, tc := range []struct{ table, want string }{
		{"invoices", "SQLAlchemy model Invoice (app/models.py:7)"},
		{"sessions", "query \"DELETE FROM sessions WHERE expires_at < now()\" (app/queries.go:12)"},
		{"customers", ""},
	} {
		if got := whats(ix.TableUses("", tc.table)); got != tc.want {
			t.Errorf("TableUses(%q) = %s, want %s", tc.table, got, tc.want)
		}
	}
}

// Tests, migrations, vendored and hidden code, testdata and large files
// are not the application's uses.
func TestIndexSkips(t *testing.T) {
	use := "package x\n\nconst q = \"SELECT legacy FROM users\"\n"
	ix := build(t, map[string]string{
		"app/store_test.go":             use,
		"vendor/lib/lib.go":             use,
		"node_modules/x/x.go":           use,
		"testdata/x.go":                 use,
		".hidden/x.go":                  use,
		"db/migrations/001_init.up.sql": "CREATE TABLE users (id int, legacy text);\n",
		"db/migrations/002_backfill.go": use,
		"app/big.go":                    use + "// " + strings.Repeat("x", MaxFileSize) + "\n",
		"alembic/versions/0001_init.py": "",
	})
	if us := ix.ColumnUses("", "users", "legacy"); len(us) > 0 {
		t.Errorf("uses found in skipped files: %s", whats(us))
	}
}

func TestInserts(t *testing.T) {
	ix := build(t, map[string]string{
		"app/partial.go": "package app\n\n//migguard:model table=reports partial\ntype Report struct {\n\tID int64 `db:\"id\"`\n}\n",
		"app/more.go":    "package app\n\nconst add = `INSERT INTO sessions VALUES ($1, $2)`\n",
	})
	describe := func(ins []rules.CodeInsert) string {
		var out []string
		for _, in := range ins {
			cols := strings.Join(in.Columns, ",")
			if in.Positional {
				cols = "*"
			}
			out = append(out, in.String()+" ["+cols+"]")
		}
		return strings.Join(out, "; ")
	}
	for _, tc := range []struct{ schema, table, want string }{
		{"", "users", "gorm model User (app/models.go:8) [id,created_at,updated_at,deleted_at,email,nick]"},
		{"shop", "orders", "bun model Order (app/models.go:14) [id,coupon]"},
		{"", "events", "query \"INSERT INTO events (kind, payload) VALUES ($1, $2)\" (app/queries.go:11) [kind,payload]"},
		{"", "sessions", "query \"INSERT INTO sessions VALUES ($1, $2)\" (app/more.go:3) [*]"},
		{"", "invoices", "SQLAlchemy model Invoice (app/models.py:7) [id,total]"},
		{"", "audit_log", "SQLAlchemy Table audit_log (app/models.py:12) [id,actor]"},
		// A partial model, and code that only reads a table, insert nothing.
		{"", "reports", ""},
		{"", "refunds", ""},
	} {
		if got := describe(ix.Inserts(tc.schema, tc.table)); got != tc.want {
			t.Errorf("Inserts(%q, %q) =\n\t%s\nwant\n\t%s", tc.schema, tc.table, got, tc.want)
		}
	}
}

// A migration set at the root of the project: its Go migrations are no
// application code, the code below the root is.
func TestIndexRootSet(t *testing.T) {
	ix := Build(writeTree(t, map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		"00001_users.sql":   "-- +goose Up\nCREATE TABLE users (id int, legacy text);\n",
		"00002_backfill.go": "package migrations\n\nconst q = \"UPDATE users SET legacy = 'x'\"\n",
		"app/store.go":      "package app\n\nconst q = \"SELECT kept FROM users\"\n",
	}), nil)
	if us := ix.ColumnUses("", "users", "legacy"); len(us) > 0 {
		t.Errorf("uses found in the root set's migrations: %s", whats(us))
	}
	if us := ix.ColumnUses("", "users", "kept"); len(us) != 1 {
		t.Errorf("uses of users.kept: %s, want the one in app/store.go", whats(us))
	}
}

// The digest changes with the content or the path of a file the index
// reads, and not with a file it leaves out.
func TestDigest(t *testing.T) {
	base := map[string]string{
		"db/migrations/001_init.up.sql": "CREATE TABLE users (id int, legacy text);\n",
		"app/store.go":                  "package app\n\nconst q = \"SELECT legacy FROM users\"\n",
		"app/models.py":                 "X = 1\n",
	}
	with := func(name, src string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		if src == "" {
			delete(m, name)
		} else {
			m[name] = src
		}
		return m
	}
	digest := func(files map[string]string) [32]byte { return Build(writeTree(t, files), nil).Digest() }
	d := digest(base)
	if d == ([32]byte{}) || digest(base) != d {
		t.Fatalf("two builds of one tree: %x, %x", d, digest(base))
	}
	for _, tc := range []struct {
		name, path, src string
		same            bool
	}{
		{"a query edited", "app/store.go", "package app\n\nconst q = \"SELECT id FROM users\"\n", false},
		{"a Python file edited", "app/models.py", "X = 2\n", false},
		{"a file removed", "app/models.py", "", false},
		{"a file moved", "app/store.go", "", false},
		{"a test edited", "app/store_test.go", "package app\n", true},
		{"a migration edited", "db/migrations/001_init.up.sql", "CREATE TABLE users (id int);\n", true},
	} {
		files := with(tc.path, tc.src)
		if tc.name == "a file moved" {
			files["lib/store.go"] = base["app/store.go"]
		}
		if got := digest(files); (got == d) != tc.same {
			t.Errorf("%s: digest %x, before %x; want the same: %v", tc.name, got, d, tc.same)
		}
	}
}

// Digest reads the files Build reads and names them alike, without
// building the index; Lazy gives that name before and after building.
func TestDigestWithoutIndex(t *testing.T) {
	files := map[string]string{
		"app/models.go":                 goModels,
		"app/queries.go":                goQueries,
		"app/models.py":                 pyModels,
		"app/store_test.go":             "package app\n",
		"db/migrations/001_init.up.sql": "CREATE TABLE users (id int);\n",
	}
	p := writeTree(t, files)
	want := Build(p, nil).Digest()
	if got := Digest(p, nil); got != want {
		t.Fatalf("Digest %x, Build's %x", got, want)
	}
	l := NewLazy(p)
	if l.Digest() != want || l.Built() {
		t.Errorf("lazy digest %x (built: %v), want %x without building", l.Digest(), l.Built(), want)
	}
	l = NewLazy(p)
	l.Index()
	if p.Cache != nil || l.ix.hashed {
		t.Fatalf("a project without a cache hashed its code for the index (cache %v)", p.Cache != nil)
	}
	if l.Digest() != want {
		t.Errorf("lazy digest after building %x, want %x", l.Digest(), want)
	}
}

// The code read is the project's files that a walk of it visits, in the
// order of fs.WalkDir, less tests, the sets' directories (a set at the
// root included) and what skip names; with the sets configured, the walk
// only lists the files.
func TestCodeFiles(t *testing.T) {
	tree := map[string]string{
		"main.go":                    "package main\n",
		"a.go":                       "package main\n",
		"a/b.go":                     "package a\n",
		"a/b_test.go":                "package a\n",
		"ab.go":                      "package main\n",
		"a/c/d.py":                   "x = 1\n",
		"README.md":                  "readme\n",
		"env/pyvenv.cfg":             "home = /usr\n",
		"env/lib/site.py":            "x = 1\n",
		"gen/api.go":                 "package gen\n",
		"db/migrations/001_a.up.sql": "CREATE TABLE a (id int);\n",
		"db/migrations/tool/main.go": "package main\n",
		"db/migrations/002_b.go":     "package migrations\n",
		"db/seed.go":                 "package db\n",
		"001_root.up.sql":            "CREATE TABLE r (id int);\n",
	}
	skipGen := func(dir string) bool { return dir == "gen" }
	for _, tc := range []struct {
		name, config string
		skip         func(string) bool
		want         string
	}{
		// The root is a set too: its own Go files are migrations.
		{"discovered", "", nil, "a/b.go a/c/d.py db/seed.go gen/api.go"},
		{"skip", "", skipGen, "a/b.go a/c/d.py db/seed.go"},
		{"configured", "sets:\n  - path: db/migrations\n", nil, "a/b.go a/c/d.py a.go ab.go db/seed.go gen/api.go main.go"},
	} {
		files := maps.Clone(tree)
		if tc.config != "" {
			files[".migguard.yaml"] = tc.config
		}
		p := writeTree(t, files)
		if got := strings.Join(codeFiles(p, tc.skip), " "); got != tc.want {
			t.Errorf("%s: code files %s, want %s", tc.name, got, tc.want)
		}
	}
}

// The index's walk is the one that discovers the sets: reading the code
// lists no directory again.
func TestCodeFilesWalkOnce(t *testing.T) {
	p := writeTree(t, map[string]string{
		"app/main.go":                "package main\n",
		"app/store/store.go":         "package store\n",
		"db/migrations/001_a.up.sql": "CREATE TABLE a (id int);\n",
	})
	listed := &listingFS{FS: p.FS, n: map[string]int{}}
	q := p.At(listed)
	q.SetsAndSkipped()
	before := maps.Clone(listed.n)
	if got := strings.Join(codeFiles(q, nil), " "); got != "app/main.go app/store/store.go" {
		t.Fatalf("code files %s", got)
	}
	if !maps.Equal(before, listed.n) {
		t.Errorf("directories listed again for the code: %v, after discovery %v", listed.n, before)
	}
}

// listingFS counts the listings of each directory.
type listingFS struct {
	fs.FS
	n map[string]int
}

func (l *listingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	l.n[name]++
	return fs.ReadDir(l.FS, name)
}

// Python writes SQL in single quotes as often as in double ones.
func TestPythonSingleQuotedSQL(t *testing.T) {
	ix := build(t, map[string]string{"app/billing.py": "def charge(cur, i):\n    cur.execute('SELECT amount FROM payments WHERE id = %s', (i,))\n"})
	if got, want := whats(ix.ColumnUses("", "payments", "amount")), `query "SELECT amount FROM payments WHERE id = %s" (app/billing.py:2)`; got != want {
		t.Errorf("uses of payments.amount: %q, want %q", got, want)
	}
}
