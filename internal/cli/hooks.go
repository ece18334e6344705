package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/gitview"
)

// hookMarker identifies the hooks migguard writes, so that it replaces
// its own hooks and leaves others' alone.
const hookMarker = "# migguard-hook:"

const hooksUsage = `Usage: migguard hooks install [-force] [-hooks pre-commit,pre-push]
       migguard hooks uninstall [-hooks pre-commit,pre-push]

install writes native git hooks for teams that do not use the pre-commit
framework:

  pre-commit  runs 'migguard lint -staged', 'migguard branch -staged' and
              'migguard models -staged' on the staged index (what the
              commit records, not the working tree);
  pre-push    runs 'migguard lint -pre-push', 'migguard branch -pre-push'
              and 'migguard models -pre-push' on each pushed ref, reading
              the pushed commits.

Each hook runs all three checks and fails when any of them fails, so every
problem is reported at once. It runs the migguard on PATH, else the one
that installed it; when neither is there it fails and says so.

Hooks go where git runs them (core.hooksPath, else .git/hooks; the common
directory of linked worktrees). A hook that migguard did not write, or a
symbolic link (to a shared script, say), is left alone unless -force is
given; it is then kept as <hook>.migguard-backup (the link itself: nothing
is written through a link).
uninstall removes the hooks migguard wrote and puts back what -force kept
as <hook>.migguard-backup; other hooks are left alone. With the pre-commit
framework, use the hooks of .pre-commit-hooks.yaml instead (see the README).

Flags:`

func runHooks(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		w, code := e.stdout, exitcode.Clean
		if len(args) == 0 {
			w, code = e.stderr, exitcode.Usage
		}
		fmt.Fprintln(w, strings.TrimSuffix(hooksUsage, "\n\nFlags:"))
		return code
	}
	switch args[0] {
	case "install":
	case "uninstall":
		return runHooksUninstall(e, args[1:])
	default:
		return errorf(e, "unknown hooks command %q (want: migguard hooks install or migguard hooks uninstall)", args[0])
	}
	fs := flag.NewFlagSet("hooks install", flag.ContinueOnError)
	force := fs.Bool("force", false, "replace hooks that migguard did not write (keeping them as <hook>.migguard-backup)")
	which := fs.String("hooks", "pre-commit,pre-push", "comma-separated `hooks` to write")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), hooksUsage); fs.PrintDefaults() }
	rest, code, ok := parseArgs(e, fs, args[1:])
	if !ok {
		return code
	}
	if len(rest) > 0 {
		return errorf(e, "hooks install takes no arguments (got %q)", rest[0])
	}
	cwd, err := os.Getwd()
	if err != nil {
		return errorf(e, "%v", err)
	}
	repo, err := gitview.Open(cwd, e.getenv)
	if err != nil {
		return errorf(e, "%v", err)
	}
	dir := repo.HooksDir()
	repo.Close()
	exe := "migguard"
	if p, err := os.Executable(); err == nil && !strings.Contains(p, os.TempDir()) {
		exe = p
	}
	names, err := hookNames(*which)
	if err != nil {
		return errorf(e, "%v", err)
	}
	// Check every hook before writing any, so that a refusal leaves
	// nothing half-installed.
	for _, n := range names {
		if err := checkHook(filepath.Join(dir, n), n, *force); err != nil {
			return errorf(e, "%v", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return errorf(e, "%v", err)
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		kept, err := writeHook(p, strings.ReplaceAll(hookScripts[n], "@MIGGUARD@", shellQuote(exe)))
		if kept != "" {
			fmt.Fprintln(e.stdout, kept)
		}
		if err != nil {
			return errorf(e, "%v", err)
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	return exitcode.Clean
}

// hookNames reads the -hooks flag.
func hookNames(list string) ([]string, error) {
	var names []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if _, ok := hookScripts[n]; !ok {
			return nil, fmt.Errorf("-hooks: unknown hook %q (known: pre-commit, pre-push)", n)
		}
		names = append(names, n)
	}
	return names, nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// hookScripts are the hooks; @MIGGUARD@ is the migguard binary found at
// install time, used when migguard is not on PATH. Every check runs, and
// the hook fails when any failed, so one commit shows every problem.
var hookScripts = map[string]string{
	"pre-commit": `#!/bin/sh
` + hookMarker + ` pre-commit (written by 'migguard hooks install'; rerun it to update, 'migguard hooks uninstall' removes it)
` + findMigguard + `
# Lint the staged migration files, then check the branch and the models,
# all against the staged index (GIT_INDEX_FILE is honoured).
status=0
"$mg" lint -staged || status=$?
"$mg" branch -staged || status=$?
"$mg" models -staged || status=$?
exit $status
`,
	"pre-push": `#!/bin/sh
` + hookMarker + ` pre-push (written by 'migguard hooks install'; rerun it to update, 'migguard hooks uninstall' removes it)
` + findMigguard + `
# git writes one line per pushed ref on stdin; each check reads them.
refs=$(cat)
status=0
printf '%s\n' "$refs" | "$mg" lint -pre-push || status=$?
printf '%s\n' "$refs" | "$mg" branch -pre-push || status=$?
printf '%s\n' "$refs" | "$mg" models -pre-push || status=$?
exit $status
`,
}

// findMigguard sets $mg to the migguard on PATH, else to the one that
// wrote the hook, and otherwise stops the hook with a message that says
// what to do.
const findMigguard = `installed=@MIGGUARD@
if command -v migguard >/dev/null 2>&1; then
	mg=migguard
elif [ -x "$installed" ]; then
	mg=$installed
else
	echo "migguard git hook: migguard is not on PATH (nor at $installed, where 'migguard hooks install' ran)." >&2
	echo "Install it (go install ./cmd/migguard in a migguard checkout), or remove the hooks with 'migguard hooks uninstall'; git's --no-verify skips them once." >&2
	exit 1
fi`
