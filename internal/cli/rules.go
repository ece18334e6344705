package cli

import (
	"flag"
	"fmt"
	"os"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/report"
	"github.com/migguard/migguard/internal/rules"
)

// runRules lists every rule with the severity the configuration gives it.
func runRules(e *env, args []string) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	configPath := fs.String("config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: migguard rules [-config path]\n\nLists every rule, its severity under the configuration (or off) and its title.\n\nFlags:")
		fs.PrintDefaults()
	}
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(args) > 0 {
		return errorf(e, "rules takes no arguments (got %q)", args[0])
	}
	cfg, _, code := loadConfig(e, *configPath)
	if code != exitcode.Clean {
		return code
	}
	report.List(e.stdout, rules.All(), cfg.Severities())
	return exitcode.Clean
}

// runExplain prints the documentation of one rule.
func runExplain(e *env, args []string) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: migguard explain <rule-id | squawk rule | eugene hint id>\n\nPrints what the rule detects, why it matters, the lock, the PostgreSQL versions it concerns, the safe recipe and examples.\nGiven a squawk rule name (adding-field-with-default) or an eugene hint id (E3), it prints the migguard rules that cover it.")
	}
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(args) != 1 {
		fs.SetOutput(e.stderr)
		fs.Usage()
		return exitcode.Usage
	}
	if r := rules.Lookup(args[0]); r != nil {
		report.Explain(e.stdout, r)
		return exitcode.Clean
	}
	if pr := rules.FindPeer(args[0]); pr != nil {
		report.ExplainPeer(e.stdout, pr)
		return exitcode.Clean
	}
	return errorf(e, "unknown rule %q; 'migguard rules' lists them (a squawk rule name or an eugene hint id is taken too)", args[0])
}

// runInit writes a commented .migguard.yaml into the current directory.
func runInit(e *env, args []string) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	force := fs.Bool("force", false, "overwrite an existing .migguard.yaml")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: migguard init [-force]\n\nWrites a commented .migguard.yaml into the current directory, listing the\nmigration sets found from it (SQL directories and Alembic projects) under\nsets: and setting pg_version to the version lint assumes without one. A\n.migguard.yaml that is a symbolic link is refused, -force or not: init never writes through one.\n\nFlags:")
		fs.PrintDefaults()
	}
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(args) > 0 {
		return errorf(e, "init takes no arguments (got %q)", args[0])
	}
	const name = config.FileName
	if target, ok := linkTarget(name); ok {
		return errorf(e, "%s is a symbolic link to %s; init does not write through links (the file it points to may be "+
			"outside the repository): remove the link to write a new file, or edit the file it points to", name, target)
	}
	if _, err := os.Lstat(name); err == nil && !*force {
		return errorf(e, "%s exists; use -force to overwrite it", name)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return errorf(e, "%v", err)
	}
	text, notes := initConfig(cwd)
	if err := replaceFile(name, []byte(text), 0o644); err != nil {
		return errorf(e, "%v", err)
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", name)
	for _, n := range notes {
		fmt.Fprintln(e.stdout, n)
	}
	return exitcode.Clean
}
