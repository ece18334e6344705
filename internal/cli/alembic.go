package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/migrations"
)

// runAlembic shows what migguard reads from Alembic projects: heads, the
// revision graph, and the SQL of each upgrade().
func runAlembic(e *env, args []string) int {
	fs := flag.NewFlagSet("alembic", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `Usage: migguard alembic heads|graph|sql [dir|file]

Reads Alembic projects statically, without running their Python:
  heads  print the head revisions; exit 1 unless there is exactly one
  graph  print every revision in order with its parents, file and markers
         (base, head, merge, branch point), then the graph's problems
  sql    print the SQL migguard lints for each revision (or the given file)

dir is a directory with alembic.ini or pyproject.toml [tool.alembic], a
script location or a versions directory; without it, every project of the
repository is shown.

Exit codes: 0 fine, 1 several heads or problems in the graph, 2 usage or
input error.`)
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return exitcode.Usage
	}
	verb := fs.Arg(0)
	if verb != "heads" && verb != "graph" && verb != "sql" {
		return errorf(e, "alembic: unknown subcommand %q (want heads, graph or sql)", verb)
	}
	_, root, code := loadConfig(e, "")
	if code != exitcode.Clean {
		return code
	}
	var projects []*alembic.Project
	onlyFile := ""
	if fs.NArg() == 2 {
		rel, err := relTo(root, fs.Arg(1))
		if err != nil {
			return errorf(e, "%v", err)
		}
		if st, err := os.Stat(fs.Arg(1)); err == nil && !st.IsDir() && strings.HasSuffix(rel, ".py") {
			onlyFile, rel = rel, filepath.ToSlash(filepath.Dir(filepath.FromSlash(rel)))
		}
		p, err := alembic.FindProject(migrations.Dir(root), rel)
		if err != nil {
			return errorf(e, "%v", err)
		}
		projects = []*alembic.Project{p}
	} else {
		ps, errs := alembic.Discover(migrations.Dir(root), nil)
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "migguard: %v\n", err)
		}
		if len(errs) > 0 {
			return exitcode.Usage
		}
		if len(ps) == 0 {
			return errorf(e, "no Alembic project found under %s", root)
		}
		projects = ps
	}
	result := exitcode.Clean
	for _, p := range projects {
		set, errs := alembic.Load(migrations.Dir(root), p)
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "migguard: %v\n", err)
			result = exitcode.Usage
		}
		if set == nil {
			continue
		}
		g := set.Graph
		if len(projects) > 1 {
			fmt.Fprintf(e.stdout, "# %s\n", p.Dir())
		}
		switch verb {
		case "heads":
			for _, h := range g.Heads() {
				fmt.Fprintln(e.stdout, h)
			}
			if len(g.Heads()) != 1 && result == exitcode.Clean {
				fmt.Fprintf(e.stderr, "migguard: %s has %d heads\n", p.Dir(), len(g.Heads()))
				result = exitcode.Findings
			}
		case "graph":
			printGraph(e, g)
		case "sql":
			for _, f := range set.SQL.Files {
				if onlyFile != "" && f.Path != onlyFile {
					continue
				}
				fmt.Fprintf(e.stdout, "-- %s (revision %s)\n%s\n", f.Path, f.Version, f.Src)
			}
		}
		for _, prob := range g.Problems {
			if !prob.Kind.Note() || verb == "graph" {
				fmt.Fprintf(e.stderr, "migguard: %v\n", prob)
			}
			if !prob.Kind.Note() && result == exitcode.Clean {
				result = exitcode.Findings
			}
		}
	}
	return result
}

// printGraph prints the revisions base first: id, parents, markers, file.
func printGraph(e *env, g *alembic.Graph) {
	heads := map[string]bool{}
	for _, h := range g.Heads() {
		heads[h] = true
	}
	branch := map[string]bool{}
	for _, b := range g.BranchPoints() {
		branch[b] = true
	}
	for _, r := range g.Order() {
		var marks []string
		if len(r.Down) == 0 && len(r.Unknown) == 0 {
			marks = append(marks, "base")
		}
		if len(r.Down) > 1 {
			marks = append(marks, "merge")
		}
		if branch[r.ID] {
			marks = append(marks, "branch point")
		}
		if heads[r.ID] {
			marks = append(marks, "head")
		}
		parents := strings.Join(r.Down, ", ")
		if parents == "" {
			parents = "-"
		}
		m := ""
		if len(marks) > 0 {
			m = " (" + strings.Join(marks, ", ") + ")"
		}
		fmt.Fprintf(e.stdout, "%s <- %s%s  %s:%d  %s\n", r.ID, parents, m, r.Path, r.Line, r.Message)
	}
}
