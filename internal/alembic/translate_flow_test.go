package alembic

import (
	"strings"
	"testing"
)

// TestTranslateFlow checks what the reader follows without a database —
// dialect branches, literal loops, helpers, conditional expressions,
// parameters of execute() — and what it notes once as run-time code.
func TestTranslateFlow(t *testing.T) {
	tests := []struct {
		name, body string
		sql        []string
		notes      []string // words of each note, in order
	}{
		{"URL of the bind", `    url = str(op.get_bind().engine.url)
    if url.startswith("mysql"):
        op.execute("SELECT 'mysql'")
    elif "postgres" in url:
        op.execute("SELECT 'postgres'")
    else:
        op.execute("SELECT 'other'")`, []string{"SELECT 'postgres'"}, nil},
		{"dialect name bound to a name", `    dialect = op.get_context().dialect.name
    if dialect != "postgresql":
        return
    op.execute("SELECT 1")`, []string{"SELECT 1"}, nil},
		{"offline mode is decided at run time", `    if context.is_offline_mode():
        op.execute("SELECT 1")`, nil, []string{"an if statement (lines 6–7) runs as Python decides at run time; its 1 op.* call(s)"}},
		{"loop over dict items", `    for table, column in {"users": "email", "orders": "note"}.items():
        op.create_index(f"ix_{table}_{column}", table, [column])`,
			[]string{"CREATE INDEX ix_users_email ON users (email)", "CREATE INDEX ix_orders_note ON orders (note)"}, nil},
		{"helper called with literals", `    _drop("users", "legacy")
    _drop("orders", "legacy")`, []string{"ALTER TABLE users DROP COLUMN legacy", "ALTER TABLE orders DROP COLUMN legacy"}, nil},
		{"conditional type", `    op.add_column("users", sa.Column("n", sa.BigInteger() if op.get_bind().dialect.name == "postgresql" else sa.Integer()))`,
			[]string{"ALTER TABLE users ADD COLUMN n BIGINT"}, nil},
		{"parameters of upgrade(), noted once at their first use", `    op.bulk_insert(tables.kinds, [{"name": "a"}])
    tester.populate_column("users", "x")
    op.execute(tables.kinds.delete())`, nil, []string{"upgrade() uses its parameter tables", "upgrade() uses its parameter tester"}},
		{"an early return", `    if op.get_bind().dialect.name == "postgresql":
        return
    op.execute("SELECT 'not postgres'")`, nil, nil},
		{"reflected metadata", `    meta = sa.MetaData()
    meta.reflect(op.get_bind())
    users = meta.tables["users"]
    op.execute(users.delete())`, nil, []string{"meta.reflect reads the database at run time"}},
		{"execute with a dict of parameters", `    conn = op.get_bind()
    conn.execute(sa.text("UPDATE users SET plan = :plan WHERE id < :n"), {"plan": "free", "n": 10})`,
			[]string{"UPDATE users SET plan = 'free' WHERE id < 10"}, nil},
		{"string formatting of constants", `    op.execute("ALTER TABLE %s SET (fillfactor = %d)" % (TABLE, 70))
    op.execute("ANALYZE {}".format(TABLE))`, []string{"ALTER TABLE users SET (fillfactor = 70)", "ANALYZE users"}, nil},
		{"a commit", `    op.execute("ALTER TYPE plan ADD VALUE 'pro'")
    op.execute("COMMIT")`, []string{"ALTER TYPE plan ADD VALUE 'pro'", "COMMIT"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "from alembic import op, context\nimport sqlalchemy as sa\nTABLE = 'users'\n\ndef upgrade(" + params(tt.name) + "):\n" + tt.body +
				"\n\ndef _drop(table, column):\n    op.drop_column(table, column)\n"
			m, err := readModule(src)
			if err != nil {
				t.Fatal(err)
			}
			tr := translate(m, "upgrade", nil)
			var got []string
			for _, s := range tr.stmts {
				got = append(got, s.sql)
			}
			if strings.Join(got, "\n") != strings.Join(tt.sql, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.sql, "\n"))
			}
			if len(tr.notes) != len(tt.notes) {
				t.Fatalf("notes %+v, want %q", tr.notes, tt.notes)
			}
			for i, n := range tt.notes {
				if !strings.Contains(tr.notes[i].msg, n) {
					t.Errorf("note %q does not say %q", tr.notes[i].msg, n)
				}
			}
		})
	}
}

func params(name string) string {
	if strings.HasPrefix(name, "parameters") {
		return "op, tables, tester"
	}
	return ""
}

// TestNames shortens op.f() and naming-convention names past 63
// characters as SQLAlchemy does, and leaves a plain long name alone (the
// identifier-too-long rule reports it).
func TestNames(t *testing.T) {
	long := "ix_" + strings.Repeat("a", 70)
	if got := truncateName(long); got != "ix_"+strings.Repeat("a", 52)+"_33ae" {
		t.Errorf("truncateName = %s", got)
	}
	conv := map[string]string{"uq": "uq_%(table_name)s_%(column_0_name)s", "ck": "ck_%(table_name)s_%(constraint_name)s",
		"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
	src := "from alembic import op\n\ndef upgrade():\n" +
		"    op.create_unique_constraint(None, 'a_very_long_table_name_for_testing_purposes', ['a_very_long_column_name_here'])\n" +
		"    op.create_check_constraint('positive', 'orders', 'n > 0')\n" +
		"    op.create_foreign_key(None, 'orders', 'users', ['user_id'], ['id'])\n" +
		"    op.create_index('" + long + "', 'orders', ['n'])\n"
	m, _ := readModule(src)
	tr := translate(m, "upgrade", &projectEnv{naming: conv})
	want := []string{
		"ALTER TABLE a_very_long_table_name_for_testing_purposes ADD CONSTRAINT uq_a_very_long_table_name_for_testing_purposes_a_very_l_226e UNIQUE (a_very_long_column_name_here)",
		"ALTER TABLE orders ADD CONSTRAINT ck_orders_positive CHECK (n > 0)",
		"ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id_users FOREIGN KEY(user_id) REFERENCES users (id)",
		"CREATE INDEX " + long + " ON orders (n)",
	}
	for i, w := range want {
		if i >= len(tr.stmts) || tr.stmts[i].sql != w {
			t.Errorf("statement %d: %+v, want %s", i, tr.stmts, w)
		}
	}
}

// TestBatchRecreateWithoutCopyFrom copies the table with LIKE and notes
// that Alembic would reflect it.
func TestBatchRecreateWithoutCopyFrom(t *testing.T) {
	tr := upgradeOf(t, `    with op.batch_alter_table("jobs", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("cron", sa.String(100)))`)
	var got []string
	for _, s := range tr.stmts {
		got = append(got, s.sql)
	}
	want := []string{"CREATE TABLE _alembic_tmp_jobs (LIKE jobs INCLUDING ALL)", "INSERT INTO _alembic_tmp_jobs SELECT * FROM jobs",
		"ALTER TABLE _alembic_tmp_jobs ADD COLUMN cron VARCHAR(100)", "DROP TABLE jobs", "ALTER TABLE _alembic_tmp_jobs RENAME TO jobs"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
	if len(tr.notes) != 1 || tr.notes[0].kind != noteOpaque || !strings.Contains(tr.notes[0].msg, "without copy_from") {
		t.Errorf("notes %+v", tr.notes)
	}
}
