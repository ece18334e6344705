package cli

import (
	"fmt"
	"path/filepath"

	"github.com/migguard/migguard/internal/config"
)

// demoGitChecks runs the branch and models checks, and lint, on the demo's
// feature branches, printing their notes with the findings.
func demoGitChecks(e *env, target, format string) {
	out := *e
	out.stderr = e.stdout
	cfg := filepath.Join(target, config.FileName)
	for _, c := range []struct{ cmd, branch, why string }{
		{"branch", "feature/loyalty", "two migrations, and develop gained a newer one after the branch forked"},
		{"models", "feature/coupons", "a new Order field without a migration"},
		{"branch", "feature/reports", "an Alembic revision on the head develop had when the branch forked"},
		{"models", "feature/refunds", "a new NOT NULL column on a SQLAlchemy model without a revision"},
		{"lint", "feature/profiles", "a migration that drops a column the Go code still queries"},
	} {
		fmt.Fprintf(e.stdout, "\n$ migguard %s -head %s    # %s\n", c.cmd, c.branch, c.why)
		args := []string{"-config", cfg, "-head", c.branch}
		if format != "" {
			args = append(args, "-format", format)
		}
		var code int
		if c.cmd == "lint" {
			code = runLint(&out, args)
		} else {
			code = runGitCheck(&out, c.cmd, args)
		}
		fmt.Fprintf(e.stdout, "migguard %s exited %d.\n", c.cmd, code)
	}
}
