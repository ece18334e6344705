// Package cli implements the migguard command line. Main is the whole
// program; cmd/migguard only calls it, so tests run commands in-process.
//
// Each subcommand lives in its own file: it parses its flags into an
// options struct and runs. Commands return exit codes from package
// exitcode and never call os.Exit themselves.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/migguard/migguard/internal/exitcode"
	"golang.org/x/term"
)

// env is what a command may touch of the outside world.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTerminal reports whether stdout is a terminal.
	isTerminal bool
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) int
}

func commands() []command {
	return []command{
		{"lint", "lint migration SQL (all sets in the repository, or the given paths; - reads stdin)", runLint},
		{"rules", "list every rule with its severity", runRules},
		{"explain", "print the documentation of a rule", runExplain},
		{"init", "write a commented .migguard.yaml in the current directory", runInit},
		{"branch", "check the branch's migrations against the base branch (one per set, on top, merged ones untouched)", runBranch},
		{"fix", "rewrite the migrations the branch adds into their safe form (in place, or -diff)", runFix},
		{"models", "report model changes on the branch that come without a migration", runModels},
		{"hooks", "install or remove native git pre-commit and pre-push hooks (hooks install, hooks uninstall)", runHooks},
		{"apply", "prove the new migrations on a scratch PostgreSQL holding data (locks, rewrites, round trip)", runApply},
		{"alembic", "show what migguard reads from Alembic projects (alembic heads|graph|sql)", runAlembic},
		{"sets", "list the migration sets every command finds, or print their cache key (-key)", runSets},
		{"stats", "write the size of every table of a database, from its catalog, for --stats (stats dump)", runStats},
		{"lsp", "run the language server for editors (Language Server Protocol over stdio)", runLsp},
		{"demo", "build a demo repository with safe and dangerous migrations and lint it", runDemo},
		{"version", "print the version", runVersion},
	}
}

// Main runs migguard with args (without the program name) and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal(stdout)}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "migguard: internal error: %v\n%s\nPlease report this with the input that caused it.\n", r, debug.Stack())
			code = exitcode.Internal
		}
	}()
	if len(args) == 0 {
		usage(e.stderr)
		return exitcode.Usage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(e, rest)
	case "-version", "--version":
		return runVersion(e, nil)
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(e, rest)
		}
	}
	fmt.Fprintf(e.stderr, "migguard: unknown command %q\n\n", name)
	usage(e.stderr)
	return exitcode.Usage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "migguard keeps database migrations safe and linear.")
	fmt.Fprintln(w, "\nUsage: migguard <command> [flags] [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'migguard help <command>' for its flags, 'migguard help exit-codes' for exit codes.")
}

func runHelp(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(e.stdout)
		return exitcode.Clean
	}
	if args[0] == "exit-codes" {
		fmt.Fprint(e.stdout, exitcode.Doc)
		return exitcode.Clean
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, []string{"-h"})
		}
	}
	fmt.Fprintf(e.stderr, "migguard: no help for %q\n", args[0])
	return exitcode.Usage
}

// Version is the release version; set with -ldflags "-X github.com/migguard/migguard/internal/cli.Version=v1.2.3".
var Version = ""

// version is the version that `migguard version` prints and the cache's
// entries are kept under: Version, else the module's version in the
// build information, else "devel".
func version() string {
	if Version != "" {
		return Version
	}
	return buildVersion()
}

// buildVersion is the module's version in the build information, "devel"
// when it has none. It is read once: a run asks for the version several
// times, and the build information is parsed anew each time it is read.
var buildVersion = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
})

func runVersion(e *env, _ []string) int {
	fmt.Fprintf(e.stdout, "migguard %s (SQL parser: PostgreSQL 16 grammar)\n", version())
	return exitcode.Clean
}

// isTerminal reports whether w is a terminal. Other character devices,
// /dev/null among them, are not: output sent there gets the format and
// colours of a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// errorf prints a usage or input error and returns exitcode.Usage.
func errorf(e *env, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "migguard: "+strings.TrimSuffix(format, "\n")+"\n", args...)
	return exitcode.Usage
}
