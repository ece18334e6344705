package alembic

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
)

// upgradeOf translates an upgrade() body.
func upgradeOf(t *testing.T, body string) translation {
	t.Helper()
	src := "from alembic import op\nimport sqlalchemy as sa\nTABLE = 'users'\n\ndef upgrade():\n" + body + "\n\ndef downgrade():\n    pass\n"
	m, err := readModule(src)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return translate(m, "upgrade", nil)
}

// opCases are op.* calls and the SQL they emit on PostgreSQL. The same
// cases are rendered by Alembic in TestAlembicOffline.
type opCase struct {
	name string
	body string
	sql  []string
}

// Name returns the case's name.
func (c opCase) Name() string { return c.name }

var opCases = []opCase{
	{"add_column", `    op.add_column("users", sa.Column("email", sa.String(length=255), nullable=True))`,
		[]string{"ALTER TABLE users ADD COLUMN email VARCHAR(255)"}},
	{"add_column not null default", `    op.add_column("users", sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False))`,
		[]string{"ALTER TABLE users ADD COLUMN active BOOLEAN DEFAULT true NOT NULL"}},
	{"add_column string default", `    op.add_column("users", sa.Column("kind", sa.String(20), server_default="basic", nullable=False))`,
		[]string{"ALTER TABLE users ADD COLUMN kind VARCHAR(20) DEFAULT 'basic' NOT NULL"}},
	{"add_column fk", `    op.add_column("users", sa.Column("org_id", sa.BigInteger(), sa.ForeignKey("orgs.id"), nullable=True))`,
		[]string{"ALTER TABLE users ADD COLUMN org_id BIGINT", "ALTER TABLE users ADD FOREIGN KEY(org_id) REFERENCES orgs (id)"}},
	{"drop_column", `    op.drop_column("users", "email")`, []string{"ALTER TABLE users DROP COLUMN email"}},
	{"alter_column type", `    op.alter_column("users", "age", type_=sa.BigInteger(), existing_type=sa.Integer())`,
		[]string{"ALTER TABLE users ALTER COLUMN age TYPE BIGINT"}},
	{"alter_column using", `    op.alter_column("users", "age", type_=sa.Integer(), postgresql_using="age::integer")`,
		[]string{"ALTER TABLE users ALTER COLUMN age TYPE INTEGER USING age::integer"}},
	{"alter_column nullable", `    op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)`,
		[]string{"ALTER TABLE users ALTER COLUMN email SET NOT NULL"}},
	{"alter_column drop not null", `    op.alter_column("users", "email", nullable=True)`,
		[]string{"ALTER TABLE users ALTER COLUMN email DROP NOT NULL"}},
	{"alter_column default", `    op.alter_column("users", "kind", server_default="x")`,
		[]string{"ALTER TABLE users ALTER COLUMN kind SET DEFAULT 'x'"}},
	{"alter_column drop default", `    op.alter_column("users", "kind", server_default=None)`,
		[]string{"ALTER TABLE users ALTER COLUMN kind DROP DEFAULT"}},
	{"alter_column rename", `    op.alter_column("users", "name", new_column_name="full_name")`,
		[]string{"ALTER TABLE users RENAME name TO full_name"}},
	{"create_table", `    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("balance", sa.Numeric(12, 2), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_accounts_name"),
    )`,
		[]string{"CREATE TABLE accounts (\n\tid SERIAL NOT NULL, \n\towner_id INTEGER, \n\tname VARCHAR(100) NOT NULL, \n\tcreated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, \n\tbalance NUMERIC(12, 2), \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(owner_id) REFERENCES users (id) ON DELETE CASCADE, \n\tCONSTRAINT uq_accounts_name UNIQUE (name)\n)"}},
	{"create_table enum", `    op.create_table(
        "tickets",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("state", sa.Enum("open", "closed", name="ticket_state"), nullable=False),
    )`,
		[]string{"CREATE TYPE ticket_state AS ENUM ('open', 'closed')", "CREATE TABLE tickets (\n\tid BIGSERIAL NOT NULL, \n\tstate ticket_state NOT NULL, \n\tPRIMARY KEY (id)\n)"}},
	{"drop_table", `    op.drop_table("accounts")`, []string{"DROP TABLE accounts"}},
	{"rename_table", `    op.rename_table("accounts", "ledgers")`, []string{"ALTER TABLE accounts RENAME TO ledgers"}},
	{"create_index", `    op.create_index(op.f("ix_users_email"), "users", ["email"], unique=True)`,
		[]string{"CREATE UNIQUE INDEX ix_users_email ON users (email)"}},
	{"create_index where", `    op.create_index("ix_users_active", "users", ["email", "id"], postgresql_where=sa.text("active"))`,
		[]string{"CREATE INDEX ix_users_active ON users (email, id) WHERE active"}},
	{"create_index concurrently", `    with op.get_context().autocommit_block():
        op.create_index("ix_users_name", "users", ["name"], postgresql_concurrently=True)`,
		[]string{"CREATE INDEX CONCURRENTLY ix_users_name ON users (name)"}},
	{"drop_index", `    op.drop_index("ix_users_name", table_name="users")`, []string{"DROP INDEX ix_users_name"}},
	{"drop_index concurrently", `    op.drop_index("ix_users_name", table_name="users", postgresql_concurrently=True)`,
		[]string{"DROP INDEX CONCURRENTLY ix_users_name"}},
	{"create_unique_constraint", `    op.create_unique_constraint("uq_users_email", "users", ["email"])`,
		[]string{"ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)"}},
	{"create_foreign_key", `    op.create_foreign_key("fk_users_org", "users", "orgs", ["org_id"], ["id"], ondelete="SET NULL")`,
		[]string{"ALTER TABLE users ADD CONSTRAINT fk_users_org FOREIGN KEY(org_id) REFERENCES orgs (id) ON DELETE SET NULL"}},
	{"create_check_constraint", `    op.create_check_constraint("ck_users_age", "users", "age >= 0")`,
		[]string{"ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)"}},
	{"create_primary_key", `    op.create_primary_key("pk_users", "users", ["id"])`,
		[]string{"ALTER TABLE users ADD CONSTRAINT pk_users PRIMARY KEY (id)"}},
	{"drop_constraint", `    op.drop_constraint("uq_users_email", "users", type_="unique")`,
		[]string{"ALTER TABLE users DROP CONSTRAINT uq_users_email"}},
	{"execute", `    op.execute("UPDATE users SET active = true")`, []string{"UPDATE users SET active = true"}},
	{"execute text", `    op.execute(sa.text("DELETE FROM users WHERE id = 1"))`, []string{"DELETE FROM users WHERE id = 1"}},
	{"reserved and mixed case", `    op.add_column("user", sa.Column("Order", sa.Integer(), nullable=True))`,
		[]string{`ALTER TABLE "user" ADD COLUMN "Order" INTEGER`}},
	{"schema", `    op.add_column("users", sa.Column("x", sa.Text()), schema="app")`,
		[]string{"ALTER TABLE app.users ADD COLUMN x TEXT"}},
	{"batch", `    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("nick", sa.String(30)))
        batch_op.drop_column("legacy")
        batch_op.create_index("ix_users_nick", ["nick"])`,
		[]string{"ALTER TABLE users ADD COLUMN nick VARCHAR(30)", "ALTER TABLE users DROP COLUMN legacy", "CREATE INDEX ix_users_nick ON users (nick)"}},
}

func TestTranslateOps(t *testing.T) {
	for _, tt := range opCases {
		t.Run(tt.name, func(t *testing.T) {
			tr := upgradeOf(t, tt.body)
			var got []string
			for _, s := range tr.stmts {
				got = append(got, s.sql)
			}
			if !reflect.DeepEqual(got, tt.sql) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.sql)
			}
			if len(tr.notes) > 0 {
				t.Errorf("notes: %v", tr.notes)
			}
		})
	}
}

func TestTranslateSyntax(t *testing.T) {
	tr := upgradeOf(t, `    """Docstring with op.drop_table("x") inside."""
    # op.drop_table("commented")
    op.execute(
        "UPDATE users "  # a comment between parts
        'SET a = 1 '
        """WHERE id IN (SELECT id
               FROM users)"""
    )
    op.execute(r"SELECT '\d'"); op.execute("SELECT 'it''s'")
    op.drop_column(TABLE, \
        "x")
    name = "ix_users_y"
    op.create_index(name, TABLE, ["y"])`)
	want := []string{
		"UPDATE users SET a = 1 WHERE id IN (SELECT id\n               FROM users)",
		`SELECT '\d'`, "SELECT 'it''s'",
		"ALTER TABLE users DROP COLUMN x",
		"CREATE INDEX ix_users_y ON users (y)",
	}
	var got []string
	for _, s := range tr.stmts {
		got = append(got, s.sql)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if len(tr.notes) > 0 {
		t.Errorf("notes: %v", tr.notes)
	}
	if tr.stmts[0].start.line != 8 || tr.stmts[3].start.line != 15 {
		t.Errorf("lines %d %d, want 8 15", tr.stmts[0].start.line, tr.stmts[3].start.line)
	}
}

func TestTranslateNotAnalysed(t *testing.T) {
	tests := []struct {
		name, body, note string
	}{
		{"dynamic table", `    op.add_column(get_table(), sa.Column("x", sa.Integer()))`, "op.add_column: table_name: a call of get_table is not a literal"},
		{"fstring", `    op.execute(f"UPDATE {get_table()} SET x = 1")`, "op.execute: the SQL: an f-string whose field {get_table()} is only known at run time"},
		{"loop", "    for t in TABLES:\n        op.drop_column(t, \"x\")", "a for loop (lines 6–7) runs as Python decides at run time; its 1 op.* call(s) are not linted"},
		{"if", "    if context.is_offline_mode():\n        op.execute(\"SELECT 1\")", "an if statement (lines 6–7)"},
		{"orm", "    session = Session(bind=op.get_bind())\n    session.query(User).delete()", "ORM session"},
		{"helper", "    _backfill()", "a call of _backfill"},
		{"unknown op", `    op.sync_enum_values("public", "status", ["a"], [])`, "op.sync_enum_values is not translated"},
		{"bound params", `    op.get_bind().execute(sa.text("UPDATE users SET x = :x"), {"x": compute()})`, "the value a call of compute is only known at run time"},
		{"missing param", `    op.get_bind().execute(sa.text("UPDATE users SET x = :x"), {"y": 1})`, "the parameter :x has no value in the call"},
		// SQLAlchemy refuses these foreign keys (ArgumentError) or fails
		// to render them (IndexError).
		{"fk lengths", `    op.create_table("t", sa.Column("a", sa.Integer()), sa.ForeignKeyConstraint(["a"], []))`, "op.create_table: ForeignKeyConstraint has 1 columns and 0 refcolumns"},
		{"fk without columns", `    op.create_table("t", sa.Column("a", sa.Integer()), sa.ForeignKeyConstraint([], []))`, "ForeignKeyConstraint has 0 columns and 0 refcolumns"},
		{"create_foreign_key lengths", `    op.create_foreign_key("fk", "t", "u", ["a", "b"], ["id"])`, "create_foreign_key has 2 local_cols and 1 remote_cols"},
		{"create_foreign_key without columns", `    op.create_foreign_key("fk", "t", "u", [], [])`, "create_foreign_key has 0 local_cols and 0 remote_cols"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := upgradeOf(t, tt.body)
			if len(tr.stmts) > 0 {
				t.Errorf("translated %v: the call must not be guessed", tr.stmts)
			}
			var msgs []string
			for _, n := range tr.notes {
				msgs = append(msgs, n.msg)
			}
			joined := strings.Join(msgs, "\n")
			if !strings.Contains(joined, tt.note) || !strings.HasPrefix(joined, "not analysed: ") {
				t.Errorf("notes %q do not say %q", msgs, tt.note)
			}
			if len(tr.notes) > 2 {
				t.Errorf("%d notes for one call: %q", len(tr.notes), msgs)
			}
		})
	}
}

func TestBindExecute(t *testing.T) {
	tr := upgradeOf(t, "    conn = op.get_bind()\n    conn.execute(sa.text(\"UPDATE users SET x = 1 WHERE id < 100\"))")
	if len(tr.stmts) != 1 || tr.stmts[0].sql != "UPDATE users SET x = 1 WHERE id < 100" || len(tr.notes) > 0 {
		t.Errorf("got %+v notes %v", tr.stmts, tr.notes)
	}
}

func TestIgnoreComments(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"v/a.py": "revision = 'a'\ndown_revision = None\n\n" +
			"def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))\n",
		"v/b.py": "# migguard:ignore-file require-lock-timeout the table is tiny\nrevision = 'b'\ndown_revision = 'a'\n\ndef upgrade():\n" +
			"    # migguard:ignore drop-table t is replaced by u\n    op.drop_table('t')\n" +
			"    # migguard:ignore drop-column nothing to drop here\n    op.execute('SELECT 1')\n",
	})
	p, err := FindProject(migrations.Dir(root), "v")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := Load(migrations.Dir(root), p)
	var got []string
	for _, f := range s.Lint(rules.Options{}) {
		got = append(got, fmt.Sprintf("%s:%d %s", f.Path, f.Pos.Line, f.Rule))
	}
	want := []string{"v/b.py:8 unused-ignore"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}
