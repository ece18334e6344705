package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/demo"
	"github.com/migguard/migguard/internal/exitcode"
)

// runDemo builds the demo repository and lints it.
func runDemo(e *env, args []string) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	dir := fs.String("dir", "", "build the demo repository in `dir` (must be empty or absent) and keep it (default: a temporary directory, removed afterwards)")
	format := fs.String("format", "", "output format of the lint, as for 'migguard lint'")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: migguard demo [-dir dir] [-format format]

Builds a small git repository of goose migrations for a shop service and
Alembic revisions for its analytics service, some safe and some that would
lock or break production, and runs 'migguard lint' on it, then 'migguard
branch' and 'migguard models' on its feature branches. Without -dir the repository is built in a temporary directory and
removed when the demo ends; -dir keeps it to look around in. Exits 0 when
the lint ran (its findings are the point of the demo).

Flags:`)
		fs.PrintDefaults()
	}
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(args) > 0 {
		return errorf(e, "demo takes no arguments (got %q)", args[0])
	}
	target := *dir
	if target == "" {
		tmp, err := os.MkdirTemp("", "migguard-demo-")
		if err != nil {
			fmt.Fprintf(e.stderr, "migguard: %v\n", err)
			return exitcode.Internal
		}
		defer os.RemoveAll(tmp)
		target = filepath.Join(tmp, "shop")
	}
	if err := demo.Build(target); err != nil {
		return errorf(e, "building the demo repository: %v", err)
	}
	fmt.Fprintf(e.stdout, "Built a demo repository in %s:\n", target)
	fmt.Fprintf(e.stdout, "a shop service whose goose migrations (db/migrations) and Alembic revisions (analytics) are committed on branch develop.\n")
	if *dir == "" {
		fmt.Fprintf(e.stdout, "It is removed when the demo ends; 'migguard demo -dir shop' builds it in ./shop and keeps it.\n")
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintf(e.stdout, "$ migguard lint\n")
	lintArgs := []string{"-config", filepath.Join(target, config.FileName)}
	if *format != "" {
		lintArgs = append(lintArgs, "-format", *format)
	}
	code = runLint(e, lintArgs)
	fmt.Fprintf(e.stdout, "migguard lint exited %d.\n", code)
	demoGitChecks(e, target, *format)
	fmt.Fprint(e.stdout, "\n'migguard explain <rule-id>' prints a rule's documentation")
	if *dir != "" {
		fmt.Fprintf(e.stdout, "; the repository stays in %s", target)
	} else {
		fmt.Fprintf(e.stdout, "; the repository in %s is removed now (-dir keeps it)", target)
	}
	fmt.Fprintln(e.stdout, ".")
	if code == exitcode.Findings {
		return exitcode.Clean
	}
	return code
}
