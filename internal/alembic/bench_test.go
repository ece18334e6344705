package alembic

import (
	"fmt"
	"testing"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
)

// BenchmarkLoadAndLint reads, translates and lints a project of 1,000
// revisions in one chain, of the shapes revision files usually have, as
// `migguard lint` does for an Alembic project.
func BenchmarkLoadAndLint(b *testing.B) {
	const n = 1000
	files := map[string]string{
		"alembic.ini":       "[alembic]\nscript_location = migrations\n",
		"migrations/env.py": "from alembic import context\n",
	}
	down := ""
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%012x", i+1)
		var body string
		switch t := fmt.Sprintf("t%d", i/10); i % 10 {
		case 0:
			body = fmt.Sprintf(`    op.create_table(
        %q,
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()")),
    )
    op.create_index("ix_%s_name", %q, ["name"], unique=True)`, t, t, t)
		case 1, 5:
			body = fmt.Sprintf(`    op.add_column(%q, sa.Column("c%d", sa.Text(), nullable=True))`, t, i)
		case 2:
			body = fmt.Sprintf(`    with op.get_context().autocommit_block():
        op.create_index("ix_%s_created", %q, ["created_at"], postgresql_concurrently=True)`, t, t)
		case 3:
			body = fmt.Sprintf(`    op.alter_column(%q, "name", type_=sa.String(512), existing_nullable=False)`, t)
		case 4:
			body = fmt.Sprintf(`    op.execute("UPDATE %s SET c%d = '' WHERE c%d IS NULL")`, t, i-3, i-3)
		case 6:
			body = fmt.Sprintf(`    op.add_column(%q, sa.Column("flag%d", sa.Boolean(), nullable=False, server_default=sa.false()))`, t, i)
		case 7:
			body = fmt.Sprintf(`    op.create_index("ix_%s_c%d", %q, ["c%d"])`, t, i-2, t, i-2)
		case 8:
			body = fmt.Sprintf(`    op.drop_column(%q, "c%d")`, t, i-7)
		default:
			body = fmt.Sprintf(`    op.create_check_constraint("ck_%s_name", %q, "length(name) > 0")`, t, t)
		}
		d := "None"
		if down != "" {
			d = `"` + down + `"`
		}
		files[fmt.Sprintf("migrations/versions/%s_step_%d.py", id, i)] = fmt.Sprintf(`"""step %d

Revision ID: %s
Revises: %s
"""
from alembic import op
import sqlalchemy as sa

revision = %q
down_revision = %s
branch_labels = None
depends_on = None


def upgrade() -> None:
%s


def downgrade() -> None:
    pass
`, i, id, down, id, d, body)
		down = id
	}
	fsys := migrations.Dir(treetest.Temp(b, files))
	var last []rules.Finding
	for b.Loop() {
		p, err := FindProject(fsys, ".")
		if err != nil {
			b.Fatal(err)
		}
		s, errs := Load(fsys, p)
		if len(errs) > 0 || s == nil {
			b.Fatal(errs)
		}
		if got := len(s.Graph.Revisions); got != n {
			b.Fatalf("%d revisions, want %d", got, n)
		}
		last = s.Lint(rules.Options{})
	}
	// The corpus must be read as written: every tenth revision builds a
	// plain index on an existing table, none a concurrent one in a
	// transaction.
	count := map[string]int{}
	for _, f := range last {
		count[f.Rule]++
	}
	if count["create-index-non-concurrently"] != n/10 || count["concurrently-in-transaction"] != 0 || count[RuleNotAnalysed] != 0 {
		b.Fatalf("findings by rule: %v", count)
	}
	b.ReportMetric(n, "revisions/op")
}
