// Package usage finds where the application code of a repository uses
// tables and columns, so that a migration that drops or renames one can be
// compared with the code that runs beside it during and after the deploy.
//
// The index holds, for each table, the models that map it and the queries
// that name it, and for each of its columns the model fields and queries
// that use it, each with its file and line:
//
//   - Go structs that map to tables (gorm, bun, go-pg, beego and db tags),
//     read from syntax by modeltag.ReadFile, the reader of `migguard
//     models`;
//   - SQL in Go string literals (and concatenations of literals) that
//     parses as SELECT, INSERT, UPDATE or DELETE: the tables it names and
//     the columns it selects, filters on, inserts or sets;
//   - SQLAlchemy declarative classes and Table(...)s, read by
//     alembic.ReadModels, and SQL in Python string literals, as in Go.
//
// It reads the files of a project (its working tree, or the tree git holds
// for a commit), leaving out tests (_test.go, test_*.py, *_test.py,
// conftest.py), the directories of migration
// sets (their code is migrations, not the application), hidden
// directories, vendor, testdata, node_modules, Python environments, what
// the configuration ignores, and files over 1 MiB. Nothing outside the
// project's file system is read.
//
// The index answers for names: a column that a query selects without
// naming its table counts for every table of the query's FROM.
package usage

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// MaxFileSize is the size above which a file is not read.
const MaxFileSize = 1 << 20

// Index is where the code uses each table and column.
type Index struct {
	tables map[string]*table // by table name, without schema
	// Files counts the files read, for the tests and measurements.
	Files int
	// digest names what the index was built from (see Digest), when
	// hashed: an index built for a run without a cache has no use for it.
	digest [32]byte
	hashed bool
}

// Digest names the code the index was built from: the SHA-256 of the
// paths of the files read, in order, each with the SHA-256 of its
// content. Two indexes with one digest answer every question alike. An
// index that Lazy built for a project without a cache has none (zero):
// Lazy.Digest reads the files again if it is asked.
func (ix *Index) Digest() [32]byte { return ix.digest }

type table struct {
	uses    []use
	columns map[string][]use
	inserts []insert
}

// insert is code that inserts into a table; schema as for use.
type insert struct {
	schema string
	rules.CodeInsert
}

// use is a use of a table or column by code; schema is the schema the
// code names, "" when it names none.
type use struct {
	schema string
	rules.CodeUse
}

func newIndex() *Index { return &Index{tables: map[string]*table{}} }

func (ix *Index) table(name string) *table {
	t := ix.tables[name]
	if t == nil {
		t = &table{columns: map[string][]use{}}
		ix.tables[name] = t
	}
	return t
}

// addTable records a use of a table.
func (ix *Index) addTable(schema, name string, u rules.CodeUse) {
	if name == "" {
		return
	}
	t := ix.table(name)
	t.uses = append(t.uses, use{schema: schema, CodeUse: u})
}

// addColumn records a use of a column of a table.
func (ix *Index) addColumn(schema, name, column string, u rules.CodeUse) {
	if name == "" || column == "" {
		return
	}
	t := ix.table(name)
	t.columns[column] = append(t.columns[column], use{schema: schema, CodeUse: u})
}

// addInsert records code that inserts into a table.
func (ix *Index) addInsert(schema, name string, in rules.CodeInsert) {
	if name == "" {
		return
	}
	t := ix.table(name)
	t.inserts = append(t.inserts, insert{schema: schema, CodeInsert: in})
}

// Inserts returns the code that inserts into a table, sorted by file and
// line: models that map all of their table's columns that they know of
// (not //migguard:model partial, no embedded struct of another package,
// no column SQLAlchemy's reader could not read), and INSERT queries.
func (ix *Index) Inserts(schema, name string) []rules.CodeInsert {
	t := ix.tables[name]
	if t == nil {
		return nil
	}
	var out []rules.CodeInsert
	for _, in := range t.inserts {
		if sameSchema(in.schema, schema) {
			out = append(out, in.CodeInsert)
		}
	}
	slices.SortFunc(out, func(a, b rules.CodeInsert) int { return compareUses(a.CodeUse, b.CodeUse) })
	return out
}

// TableUses returns the uses of a table, sorted by file and line: the
// models that map it and the queries that name it. schema "" or "public"
// matches code that names no schema.
func (ix *Index) TableUses(schema, name string) []rules.CodeUse {
	t := ix.tables[name]
	if t == nil {
		return nil
	}
	return matching(t.uses, schema)
}

// ColumnUses returns the uses of a column of a table, sorted by file and
// line: the model fields that map it and the queries that name it.
func (ix *Index) ColumnUses(schema, name, column string) []rules.CodeUse {
	t := ix.tables[name]
	if t == nil {
		return nil
	}
	return matching(t.columns[column], schema)
}

// matching returns the uses whose schema agrees with schema, once each.
func matching(us []use, schema string) []rules.CodeUse {
	var out []rules.CodeUse
	seen := map[rules.CodeUse]bool{}
	for _, u := range us {
		if !sameSchema(u.schema, schema) || seen[u.CodeUse] {
			continue
		}
		seen[u.CodeUse] = true
		out = append(out, u.CodeUse)
	}
	slices.SortFunc(out, compareUses)
	return out
}

// compareUses orders uses by file, line and text.
func compareUses(a, b rules.CodeUse) int {
	if a.Path != b.Path {
		return strings.Compare(a.Path, b.Path)
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	return strings.Compare(a.What, b.What)
}

// sameSchema reports whether two schemas, "" for none named, may be the
// same: code that names none reaches the search path's, public.
func sameSchema(a, b string) bool {
	norm := func(s string) string {
		if s == "" {
			return "public"
		}
		return s
	}
	return a == "" || b == "" || norm(a) == norm(b)
}

// Build reads the code of a project into an index. skip, when set, names
// more directories (slash-separated, relative to the root) to leave out
// besides the migration sets of the project. The files are read on every
// CPU.
func Build(p *project.Project, skip func(dir string) bool) *Index {
	return buildWith(p, skip, "", true)
}

// buildWith is Build, taking the files that did not change since the last
// build from the project's cache when its files have content ids of kind
// (see openFileMemo; "" reads every file). Without hash the files are not
// hashed for the index's digest, which Lazy.Digest then reads again.
func buildWith(p *project.Project, skip func(dir string) bool, kind string, hash bool) *Index {
	names := codeFiles(p, skip)
	var m *fileMemo
	if skip == nil {
		m = openFileMemo(p, kind, names)
	}
	parts := make([]*Index, codeWorkers(names))
	for w := range parts {
		parts[w] = newIndex()
	}
	d := readCodeFiles(p, names, m, hash, func(w int, name string, src, kept []byte) ([]byte, bool) {
		if src == nil {
			part, ok := decodeIndex(kept)
			if ok {
				parts[w].merge(part)
			}
			return nil, ok
		}
		part := newIndex()
		part.Files = 1
		if strings.HasSuffix(name, ".py") {
			part.pythonFile(name, src)
		} else {
			part.goFile(name, src)
		}
		parts[w].merge(part)
		if m == nil {
			return nil, true
		}
		return part.encode(), true
	})
	m.save(names)
	ix := parts[0]
	for _, part := range parts[1:] {
		ix.merge(part)
	}
	ix.digest, ix.hashed = d, hash
	return ix
}

// Digest returns what Build's index would give as its Digest, reading the
// same files without parsing them.
func Digest(p *project.Project, skip func(dir string) bool) [32]byte { return digestWith(p, skip, "") }

// digestWith is Digest, with the kept files of buildWith.
func digestWith(p *project.Project, skip func(dir string) bool, kind string) [32]byte {
	names := codeFiles(p, skip)
	var m *fileMemo
	if skip == nil {
		m = openFileMemo(p, kind, names)
	}
	d := readCodeFiles(p, names, m, true, nil)
	m.save(names)
	return d
}

// codeFilesRead counts the code files read, for the tests.
var codeFilesRead atomic.Int64

// codeWorkers is how many goroutines read the files names.
func codeWorkers(names []string) int { return min(runtime.GOMAXPROCS(0), len(names)/16+1) }

// readCodeFiles reads the files names on codeWorkers goroutines, gives
// each one read to use (when set) with the number of the goroutine that
// read it, and returns their digest: the SHA-256 of the paths of the files
// read, in order, each with the SHA-256 of its content. A file whose
// content m kept (with its part of the index when use is set) is not
// read: use gets the part kept instead of the text, and says whether it
// could take it. use returns the part of the index of a file it was
// given the text of, for m to keep. Without hash and m, no file is hashed
// and the digest is zero.
func readCodeFiles(p *project.Project, names []string, m *fileMemo, hash bool, use func(w int, name string, src, kept []byte) ([]byte, bool)) [32]byte {
	workers := codeWorkers(names)
	sums := make([][sha256.Size]byte, len(names))
	read := make([]bool, len(names))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(names); i += workers {
				if k, ok := m.reuse(i, names[i], use != nil); ok {
					if use == nil {
						sums[i], read[i] = k.sum, true
						continue
					}
					if _, ok := use(w, names[i], nil, k.part); ok {
						sums[i], read[i] = k.sum, true
						continue
					}
				}
				src := readCode(p.FS, names[i])
				if src == nil {
					continue
				}
				codeFilesRead.Add(1)
				read[i] = true
				if hash || m != nil {
					sums[i] = sha256.Sum256(src)
				}
				var part []byte
				if use != nil {
					part, _ = use(w, names[i], src, nil)
				}
				m.keep(i, sums[i], part)
			}
		})
	}
	wg.Wait()
	var d [32]byte
	if !hash {
		return d
	}
	h := sha256.New()
	for i, name := range names {
		if read[i] {
			fmt.Fprintf(h, "%d:%s", len(name), name)
			h.Write(sums[i][:])
		}
	}
	h.Sum(d[:0])
	return d
}

// codeFiles returns the files of the project whose code the index reads,
// in the order of a walk of its file system: the project's files (those a
// walk visits, Project.Files) that are code, outside the directories of
// its sets and those skip names.
func codeFiles(p *project.Project, skip func(dir string) bool) []string {
	dirs, _ := p.SetDirs()
	setDirs := map[string]bool{}
	for _, d := range dirs {
		setDirs[path.Clean(d)] = true
	}
	// left says whether a directory, or one above it, is left out.
	left := map[string]bool{".": false}
	var leftOut func(dir string) bool
	leftOut = func(dir string) bool {
		if v, ok := left[dir]; ok {
			return v
		}
		v := leftOut(path.Dir(dir)) || setDirs[dir] || skip != nil && skip(dir)
		left[dir] = v
		return v
	}
	var names []string
	for _, name := range p.Files() {
		if dir := path.Dir(name); isCode(name) && !leftOut(dir) && !setDirs[dir] { // a set at the root holds migrations too
			names = append(names, name)
		}
	}
	return names
}

// isCode reports whether a file is Go or Python code of the application:
// not a test (_test.go; test_*.py, *_test.py and conftest.py for pytest).
func isCode(name string) bool {
	base := path.Base(name)
	switch {
	case strings.HasSuffix(base, ".go"):
		return !strings.HasSuffix(base, "_test.go")
	case strings.HasSuffix(base, ".py"):
		return !strings.HasPrefix(base, "test_") && !strings.HasSuffix(base, "_test.py") && base != "conftest.py"
	}
	return false
}

// merge adds the uses of another index.
func (ix *Index) merge(o *Index) {
	ix.Files += o.Files
	for name, ot := range o.tables {
		t := ix.table(name)
		t.uses = append(t.uses, ot.uses...)
		for c, us := range ot.columns {
			t.columns[c] = append(t.columns[c], us...)
		}
		t.inserts = append(t.inserts, ot.inserts...)
	}
}

// readCode returns the content of a file of at most MaxFileSize bytes, nil
// when it is larger or cannot be read (see migrations.ReadFileUpTo).
func readCode(fsys fs.FS, name string) []byte {
	b, err := migrations.ReadFileUpTo(fsys, name, MaxFileSize)
	if err != nil {
		return nil
	}
	return b
}

// Lazy is an index built on first use: a lint run pays for reading the
// code only when a migration it reports on drops or renames something,
// and not at all when the cache keeps the index of the same code (see
// buildKept).
type Lazy struct {
	p  *project.Project
	mu sync.Mutex
	ix *Index
	// digest is the code's digest once asked, read without building the
	// index when that was asked first.
	digest *[32]byte
}

// NewLazy returns the index of the project's code, built when first asked.
func NewLazy(p *project.Project) *Lazy { return &Lazy{p: p} }

// Index builds the index if it is not built yet, and returns it.
func (l *Lazy) Index() *Index {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix == nil {
		l.ix = buildKept(l.p)
	}
	return l.ix
}

// TableUses is Index.TableUses.
func (l *Lazy) TableUses(schema, name string) []rules.CodeUse {
	return l.Index().TableUses(schema, name)
}

// Inserts is Index.Inserts.
func (l *Lazy) Inserts(schema, name string) []rules.CodeInsert {
	return l.Index().Inserts(schema, name)
}

// ColumnUses is Index.ColumnUses.
func (l *Lazy) ColumnUses(schema, name, column string) []rules.CodeUse {
	return l.Index().ColumnUses(schema, name, column)
}

// Digest is Index.Digest. It does not build the index: a run whose
// findings are all cached needs only the name of the code.
func (l *Lazy) Digest() [32]byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.digest == nil {
		d := l.ix.digestOr(func() [32]byte { return digestKept(l.p) })
		l.digest = &d
	}
	return *l.digest
}

// Built reports whether the index was built.
func (l *Lazy) Built() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ix != nil
}

// digestOr returns the index's digest, or compute's when there is no
// index or it was built without hashing the files.
func (ix *Index) digestOr(compute func() [32]byte) [32]byte {
	if ix == nil || !ix.hashed {
		return compute()
	}
	return ix.digest
}

// describe is the text of a use that names a model and its field.
func describe(kind, model, field string) string {
	if field == "" {
		return fmt.Sprintf("%s model %s", kind, model)
	}
	return fmt.Sprintf("%s model %s field %s", kind, model, field)
}
