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
	"github.com/migguard/migguard/internal/project"
)

const alembicUsage = `Usage: migguard alembic heads|graph|sql [dir|file]

Reads Alembic projects statically, without running their Python:
  heads  print the head revisions; exit 1 unless there is exactly one
  graph  print every revision in order with its parents, file and markers
         (base, head, merge, branch point), then the graph's problems;
         exit 1 unless there is exactly one head and no problem
  sql    print the SQL migguard lints for each revision (or the given file)

dir is a directory with alembic.ini or pyproject.toml [tool.alembic], a
script location or a versions directory; without it, every Alembic set of
the repository is shown (those named under sets: in .migguard.yaml, else
those discovered).

Exit codes: 0 fine, 1 several heads or problems in the graph, 2 usage or
input error.

Flags:`

// runAlembic shows what migguard reads from Alembic projects: heads, the
// revision graph, and the SQL of each upgrade().
func runAlembic(e *env, args []string) int {
	fs := flag.NewFlagSet("alembic", flag.ContinueOnError)
	configPath := fs.String("config", "", "`path` of .migguard.yaml (default: found by walking up from the current directory)")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), alembicUsage); fs.PrintDefaults() }
	args, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(args) < 1 || len(args) > 2 {
		fs.SetOutput(e.stderr)
		fs.Usage()
		return exitcode.Usage
	}
	verb := args[0]
	if verb != "heads" && verb != "graph" && verb != "sql" {
		return errorf(e, "alembic: unknown subcommand %q (want heads, graph or sql)", verb)
	}
	var sets []*project.Set
	onlyFile := ""
	if len(args) == 2 {
		s, file, err := alembicSetAt(args[1], *configPath)
		if err != nil {
			return errorf(e, "%v", err)
		}
		sets, onlyFile = []*project.Set{s}, file
	} else {
		p, code := openProject(e, *configPath)
		if p == nil {
			return code
		}
		all, errs := p.Sets()
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "migguard: %v\n", err)
		}
		if len(errs) > 0 {
			return exitcode.Usage
		}
		for _, s := range all {
			if s.Alembic != nil {
				sets = append(sets, s)
			}
		}
		if len(sets) == 0 {
			return errorf(e, "no Alembic project found under %s", p.Root)
		}
	}
	result := exitcode.Clean
	for _, s := range sets {
		result = max(result, alembicShow(e, verb, s, onlyFile, len(sets) > 1))
	}
	return result
}

// alembicSetAt returns the Alembic set of a directory or revision file
// named on the command line, and the file's path when a file is named.
func alembicSetAt(name, configPath string) (*project.Set, string, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, migrations.UnwrapPathError(err))
	}
	dir := name
	if !st.IsDir() {
		dir = filepath.Dir(name)
	}
	p, err := project.Open(dir, configPath, "")
	if err != nil {
		return nil, "", err
	}
	rel, err := p.Rel(name)
	if err != nil {
		return nil, "", err
	}
	var s *project.Set
	file := ""
	if st.IsDir() {
		s, err = p.SetAt(rel)
	} else {
		file = rel
		s, err = p.SetOf(rel)
	}
	if err != nil {
		return nil, "", err
	}
	if s.Alembic == nil {
		return nil, "", fmt.Errorf("%s is not part of an Alembic project (it reads as a %s set)", name, s.Format)
	}
	return s, file, nil
}

// alembicShow prints what one verb shows of one set and returns its exit
// code.
func alembicShow(e *env, verb string, s *project.Set, onlyFile string, several bool) int {
	result := exitcode.Clean
	l, errs := s.Load()
	for _, err := range errs {
		fmt.Fprintf(e.stderr, "migguard: %v\n", err)
		result = exitcode.Usage
	}
	if l == nil {
		return result
	}
	g := l.Alembic.Graph
	if several {
		fmt.Fprintf(e.stdout, "# %s\n", s.Dir)
	}
	heads := g.Heads()
	switch verb {
	case "heads":
		for _, h := range heads {
			fmt.Fprintln(e.stdout, h)
		}
	case "graph":
		printGraph(e, g)
	case "sql":
		for _, f := range l.Files.Files {
			if onlyFile == "" || f.Path == onlyFile {
				fmt.Fprintf(e.stdout, "-- %s (revision %s)\n%s\n", f.Path, f.Version, f.Src)
			}
		}
	}
	if verb != "sql" && len(heads) != 1 {
		fmt.Fprintf(e.stderr, "migguard: %s has %d heads\n", s.Dir, len(heads))
		result = max(result, exitcode.Findings)
	}
	for _, prob := range g.Problems {
		if !prob.Kind.Note() || verb == "graph" {
			fmt.Fprintf(e.stderr, "migguard: %v\n", prob)
		}
		if !prob.Kind.Note() {
			result = max(result, exitcode.Findings)
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
