package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/migguard/migguard/internal/apply"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/lint"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/report"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/stats"
	"github.com/migguard/migguard/internal/stats/dump"
)

const statsUsage = `Usage: migguard stats dump --database-url URL [-o FILE]

Reads the size of every table of a database (production's, or a recent
copy) from PostgreSQL's catalog statistics, and writes them as a small JSON
file for lint and apply to take with --stats FILE (or stats: in
.migguard.yaml): their lock and rewrite findings then name the table's size
and how long the lock is likely held, and their severity follows the size
(see "Risk by table size" in the README).

It runs one query in a READ ONLY transaction over pg_class, pg_namespace
and pg_index: rows (pg_class.reltuples, null when the table was never
analysed), pages, pg_total_relation_size, pg_relation_size and the size of
each index. Any role that may log in can run it: it needs no privilege on
any table and never reads a row.

Exit codes: 0 written, 2 usage error, or the database cannot be read
(unreachable, authentication failed) or the file not written.

Flags:`

// runStats runs `migguard stats <subcommand>`; dump is the only one.
func runStats(e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		w := e.stderr
		code := exitcode.Usage
		if len(args) > 0 {
			w, code = e.stdout, exitcode.Clean
		}
		fmt.Fprintln(w, statsUsage)
		return code
	}
	if args[0] != "dump" {
		return errorf(e, "unknown stats command %q (want dump)", args[0])
	}
	return runStatsDump(e, args[1:])
}

// runStatsDump reads the catalog statistics and writes the stats file.
func runStatsDump(e *env, args []string) int {
	fs := flag.NewFlagSet("stats dump", flag.ContinueOnError)
	url := fs.String("database-url", "", "PostgreSQL `URL` of the database whose tables to measure")
	out := fs.String("o", "", "write the stats to `file` instead of stdout")
	timeout := fs.Duration("timeout", time.Minute, "limit on connecting and reading the catalog")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), statsUsage); fs.PrintDefaults() }
	rest, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	switch {
	case len(rest) > 0:
		return errorf(e, "stats dump takes no arguments (got %q)", rest[0])
	case *url == "":
		return errorf(e, "stats dump needs --database-url")
	case *timeout <= 0:
		return errorf(e, "--timeout must be positive")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	s, err := dump.Read(ctx, *url)
	if err != nil {
		if ctx.Err() != nil {
			return errorf(e, "stats dump: %v (--timeout %s)", ctx.Err(), *timeout)
		}
		return errorf(e, "stats dump: %v", err)
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		return errorf(e, "stats dump: %v", err)
	}
	if *out == "" {
		e.stdout.Write(b.Bytes())
		return exitcode.Clean
	}
	if err := replaceFile(*out, b.Bytes(), 0o644); err != nil {
		return errorf(e, "stats dump: writing %s: %v", *out, err)
	}
	fmt.Fprintf(e.stderr, "migguard: wrote the sizes of %s to %s\n", count(len(s.Tables), "table"), *out)
	return exitcode.Clean
}

// loadStatsFlag reads the file of a --stats flag; "" is none. It prints
// why the file cannot be used and returns exitcode.Usage.
func loadStatsFlag(e *env, path string) (*stats.Snapshot, int) {
	if path == "" {
		return nil, exitcode.Clean
	}
	s, err := stats.Load(path)
	if err != nil {
		return nil, errorf(e, "--stats: %v", err)
	}
	return s, exitcode.Clean
}

// applyRisk lints the migrations that apply proves, as lint would with
// the stats s: the findings about the lock or work on an existing table,
// with its size and how long the lock is likely held at production scale
// (the scratch database's few rows say nothing of that).
func applyRisk(cfg *config.Config, root string, ao apply.Options, s *stats.Snapshot) []rules.Finding {
	p := project.New(migrations.Dir(root), root, cfg)
	res := lint.Run([]lint.Job{{Project: p, Files: ao.Set, Report: ao.New}}, lint.Options{Stats: s})
	var out []rules.Finding
	for _, f := range res.Findings {
		if f.Table != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeRiskText writes the findings of applyRisk after apply's report.
func writeRiskText(e *env, s *stats.Snapshot, risk []rules.Finding) {
	if s == nil {
		return
	}
	fmt.Fprintf(e.stdout, "\nat production size (%s):\n", s.Name())
	if len(risk) == 0 {
		fmt.Fprintln(e.stdout, "  no statement locks or works through an existing table")
		return
	}
	var b bytes.Buffer
	report.Write(&b, risk, report.Options{Format: "compact"})
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if line != "" {
			fmt.Fprint(e.stdout, "  "+line)
		}
	}
}

// writeApplyJSON writes apply's JSON report with, when there are stats,
// the findings of applyRisk as its member size_risk (in lint's json
// format).
func writeApplyJSON(e *env, rep *apply.Report, s *stats.Snapshot, risk []rules.Finding) error {
	var b bytes.Buffer
	if err := apply.WriteJSON(&b, rep); err != nil {
		return err
	}
	doc := bytes.TrimRight(b.Bytes(), "\n")
	if s == nil || !bytes.HasSuffix(doc, []byte("}")) {
		_, err := e.stdout.Write(b.Bytes())
		return err
	}
	var r bytes.Buffer
	if err := report.Write(&r, risk, report.Options{Format: "json"}); err != nil {
		return err
	}
	arr := strings.ReplaceAll(strings.TrimRight(r.String(), "\n"), "\n", "\n  ")
	doc = bytes.TrimRight(doc[:len(doc)-1], " \n")
	_, err := fmt.Fprintf(e.stdout, "%s,\n  \"size_risk\": %s\n}\n", doc, arr)
	return err
}

// configStats reads the stats: file of the configuration of each job's
// project, and returns the first that cannot be read.
func configStats(jobs []lint.Job) error {
	seen := map[*config.Config]bool{}
	for _, j := range jobs {
		if c := j.Project.Config; !seen[c] {
			seen[c] = true
			if _, err := c.Stats.Snapshot(); err != nil {
				return err
			}
		}
	}
	return nil
}
