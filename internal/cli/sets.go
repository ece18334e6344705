package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
)

const setsUsage = `Usage: migguard sets [-config path] [-key]

Lists the migration sets of the repository as every migguard command finds
them (lint, branch, models, apply, alembic, migguard-vet and the
golangci-lint plugin): those named under sets: in .migguard.yaml, else those
discovered. For each: directory, format, number of migrations, where its
transaction model and start_after come from, and how many of its .sql
files its tool never runs. The directories written for another engine
(SQLite, MySQL, ClickHouse, …) are listed as skipped, with what shows their
engine: no command lints or replays them.

With -key it prints instead one hash of migguard's version, the
configuration and every migration file of every set: a value that changes
whenever one of them does, for go vet's -migrationset.key and golangci-lint's
cache directory (see the README).

Exit codes: 0 fine, 2 a set or the configuration cannot be read.

Flags:`

// runSets lists the project's migration sets, or prints their key.
func runSets(e *env, args []string) int {
	fs := flag.NewFlagSet("sets", flag.ContinueOnError)
	configPath := fs.String("config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	key := fs.Bool("key", false, "print a hash of the configuration and every migration file instead of the list")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), setsUsage); fs.PrintDefaults() }
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(args) > 0 {
		return errorf(e, "sets takes no arguments (got %q)", args[0])
	}
	p, code := openProject(e, *configPath)
	if p == nil {
		return code
	}
	sets, skipped, errs := p.SetsAndSkipped()
	var loaded []*project.Loaded
	for _, s := range sets {
		l, lerrs := s.Load()
		errs = append(errs, lerrs...)
		if l != nil {
			loaded = append(loaded, l)
		}
	}
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "migguard: %v\n", err)
	}
	if *key {
		k, err := setsKey(p, loaded, skipped)
		if err != nil {
			return errorf(e, "%v", err)
		}
		fmt.Fprintln(e.stdout, k)
	} else {
		listSets(e, p, loaded, skipped)
	}
	if len(errs) > 0 {
		return exitcode.Usage
	}
	return exitcode.Clean
}

func listSets(e *env, p *project.Project, sets []*project.Loaded, skipped []*project.Set) {
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	for _, l := range sets {
		origin := "discovered"
		if l.Config != nil {
			origin = fmt.Sprintf("%s:%d", p.Config.Path, l.Config.Line)
		}
		extra := ""
		if sa := l.StartAfter(); sa != "" {
			extra = "  start_after " + sa
		}
		if l.Config != nil && l.Config.HasTx {
			extra += "  tx " + l.Config.Tx.String()
		}
		if n := neverRun(l); n > 0 {
			extra += "  " + count(n, ".sql file") + " never run"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\n", l.Dir, l.Format, count(len(l.Files.Files), "migration"), origin, extra)
	}
	for _, s := range skipped {
		fmt.Fprintf(tw, "%s\t%s\tskipped\t%s\n", s.Dir, s.Format, s.Dialect())
	}
	tw.Flush()
}

// setsKey hashes migguard's version (a new version may judge the same
// files differently) and what project.WriteKey writes of the sets.
func setsKey(p *project.Project, sets []*project.Loaded, skipped []*project.Set) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "migguard %s\n", version())
	if err := p.WriteKey(h, sets, skipped); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// neverRun counts the .sql files of a set that its tool never runs.
func neverRun(l *project.Loaded) int {
	n := 0
	for _, o := range l.Files.Others {
		if o.Kind == migrations.NotRun {
			n++
		}
	}
	return n
}

// count writes n and a noun, in the plural unless n is 1: "1 migration",
// "3 migrations".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
