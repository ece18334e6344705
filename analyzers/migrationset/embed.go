package migrationset

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/internal/migrations"
)

// EmbedError is an embedded migration file that cannot be linted.
type EmbedError struct {
	Pos     token.Pos
	Message string
}

// embeddedSets returns the migration sets made of the .sql files that the
// package embeds. The files are part of the package's build inputs, so
// go vet's cache notices when they change.
func embeddedSets(pass *analysis.Pass, res *Result) []*Set {
	byDir := map[string]map[string]token.Pos{} // dir → file → variable
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				doc := vs.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				if doc == nil || len(vs.Names) == 0 {
					continue
				}
				for _, c := range doc.List {
					patterns, ok := strings.CutPrefix(c.Text, "//go:embed")
					if !ok || (patterns != "" && patterns[0] != ' ' && patterns[0] != '\t') {
						continue
					}
					for _, p := range splitPatterns(patterns) {
						for _, file := range matchEmbed(res.Dir, p) {
							if !strings.EqualFold(path.Ext(file), ".sql") {
								continue
							}
							dir := path.Dir(file)
							if byDir[dir] == nil {
								byDir[dir] = map[string]token.Pos{}
							}
							if _, seen := byDir[dir][file]; !seen {
								byDir[dir][file] = vs.Names[0].Pos()
							}
						}
					}
				}
			}
		}
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var sets []*Set
	for _, dir := range dirs {
		if s := embeddedSet(pass, res, dir, byDir[dir]); s != nil {
			sets = append(sets, s)
		}
	}
	return sets
}

// embeddedSet loads one directory's embedded files as a set, if the
// directory holds migrations.
func embeddedSet(pass *analysis.Pass, res *Result, dir string, files map[string]token.Pos) *Set {
	// The set's format and configuration are the project's, as every
	// command reads them; its files are those the package embeds.
	ps, err := res.project.SetAt(res.rootRel(dir))
	if err != nil || ps.Alembic != nil || !ps.Dialect().IsPostgreSQL() {
		return nil // another engine's migrations (db/sqlite): not PostgreSQL's to judge
	}
	if ps.Config == nil && ps.Format == migrations.Plain && !mentionsMigrations(path.Join(pass.Pkg.Path(), dir)) {
		return nil
	}
	if ps.Format == migrations.Goose && dir != "." && registersGoose(filepath.Join(res.Dir, filepath.FromSlash(dir)), path.Join(pass.Pkg.Path(), dir)) {
		// The package there registers Go migrations between these files:
		// it lints them with those, as one set (see gooseDir), and each
		// finding is reported once, by it.
		return nil
	}
	set, errs := migrations.LoadDir(migrations.Dir(res.Dir), dir, ps.Format)
	var anyPos token.Pos
	for _, p := range files {
		anyPos = p
		break
	}
	for _, err := range errs {
		pos := anyPos
		if ie, ok := err.(*migrations.InputError); ok {
			if p, found := files[ie.Path]; found {
				pos = p
			} else {
				continue // a file of the directory that is not embedded
			}
		}
		res.EmbedErrors = append(res.EmbedErrors, EmbedError{pos, err.Error()})
	}
	if set == nil {
		return nil
	}
	s := &Set{Set: set, sources: map[string]*source{}}
	kept := set.Files[:0]
	for _, f := range set.Files {
		pos, ok := files[f.Path]
		if !ok {
			continue // in the directory but not embedded: never deployed
		}
		kept = append(kept, f)
		s.sources[f.Path] = &source{embed: pos, abs: res.abs(f.Path), file: f}
		if f.DownFile != nil {
			dp := pos
			if p, ok := files[f.DownFile.Path]; ok {
				dp = p
			}
			s.sources[f.DownFile.Path] = &source{embed: dp, abs: res.abs(f.DownFile.Path), file: f.DownFile}
		}
	}
	set.Files = kept
	// Of the directory's other paths, only the embedded ones are the
	// package's concern: an embedded .sql file that the tool never runs.
	others := set.Others[:0]
	for _, o := range set.Others {
		if pos, ok := files[o.Path]; ok {
			others = append(others, o)
			s.sources[o.Path] = &source{embed: pos, abs: res.abs(o.Path), file: o}
		}
	}
	set.Others = others
	ps.ApplyTx(set)
	if len(kept) == 0 {
		return nil
	}
	s.Origin = "migrations embedded from " + dir + " (" + strconv.Itoa(len(kept)) + " files)"
	return s
}

// mentionsMigrations reports whether a path names migrations.
func mentionsMigrations(p string) bool {
	return strings.Contains(strings.ToLower(p), "migrat")
}

// splitPatterns splits the arguments of a //go:embed line, which may be
// quoted.
func splitPatterns(s string) []string {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		var p string
		switch s[0] {
		case '"', '`':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return out
			}
			q := s[:end+2]
			if u, err := strconv.Unquote(q); err == nil {
				p = u
			}
			s = s[end+2:]
		default:
			i := strings.IndexAny(s, " \t")
			if i < 0 {
				i = len(s)
			}
			p, s = s[:i], s[i:]
		}
		if p != "" {
			out = append(out, p)
		}
		s = strings.TrimSpace(s)
	}
	return out
}

// matchEmbed returns the files, slash-separated and relative to dir, that
// a //go:embed pattern selects: a matched directory contributes the files
// below it, except names starting with . or _ unless the pattern has the
// all: prefix.
func matchEmbed(dir, pattern string) []string {
	all := false
	if p, ok := strings.CutPrefix(pattern, "all:"); ok {
		pattern, all = p, true
	}
	matches, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range matches {
		st, err := os.Stat(m)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			if rel, err := filepath.Rel(dir, m); err == nil {
				out = append(out, filepath.ToSlash(rel))
			}
			continue
		}
		_ = filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			name := d.Name()
			if p != m && !all && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				if rel, err := filepath.Rel(dir, p); err == nil {
					out = append(out, filepath.ToSlash(rel))
				}
			}
			return nil
		})
	}
	return out
}

// registersGoose reports whether the Go package in directory dir (import
// path pkgPath) registers goose Go migrations, as readGoMigrations finds
// them from the package's syntax.
func registersGoose(dir, pkgPath string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err == nil {
			files = append(files, f)
		}
	}
	return len(files) > 0 && readGoMigrations(newGoPackage(fset, pkgPath, files, nil)).registered != nil
}
