package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/migguard/migguard/internal/lazyre"
)

// golangMigrateRx is golang-migrate's file name pattern (source/parse.go),
// restricted to SQL files.
var golangMigrateRx = nameRx{lazyre.New(`^([0-9]+)_(.*)\.(up|down)\.sql$`), matchGolangMigrate}

// gooseNameRx: goose reads the version from the digits before the first
// underscore.
var gooseNameRx = nameRx{lazyre.New(`^([0-9]+)_.*\.sql$`), matchGoose}

// dbmateNameRx is dbmate's migration file pattern.
var dbmateNameRx = nameRx{lazyre.New(`^([0-9]+).*\.sql$`), matchDbmate}

// flywayName is a Flyway migration file name: V<version>__<desc>.sql,
// U<version>__<desc>.sql (undo) or R__<desc>.sql (repeatable).
type flywayName struct {
	kind    byte // 'V', 'U' or 'R'
	version string
	desc    string
}

// parseFlywayName reads a name with Flyway's default prefixes (V, U, R),
// separator (__) and suffix (.sql). Version parts are separated by dots or
// single underscores and must be numeric.
func parseFlywayName(base string) (flywayName, bool) {
	if len(base) < 2 || !strings.HasSuffix(base, ".sql") {
		return flywayName{}, false
	}
	kind := base[0]
	if kind != 'V' && kind != 'U' && kind != 'R' {
		return flywayName{}, false
	}
	stem := strings.TrimSuffix(base[1:], ".sql")
	sep := strings.Index(stem, "__")
	if sep < 0 {
		return flywayName{}, false
	}
	ver, desc := stem[:sep], strings.ReplaceAll(stem[sep+2:], "_", " ")
	if kind == 'R' {
		if ver != "" {
			return flywayName{}, false
		}
		return flywayName{kind: kind, desc: desc}, true
	}
	if ver == "" {
		return flywayName{}, false
	}
	parts := strings.FieldsFunc(ver, func(r rune) bool { return r == '.' || r == '_' })
	for _, p := range parts {
		if leadingDigits(p) != p {
			return flywayName{}, false
		}
	}
	if len(parts) == 0 {
		return flywayName{}, false
	}
	return flywayName{kind: kind, version: strings.ReplaceAll(ver, "_", "."), desc: desc}, true
}

func isFlywayUndo(p string) bool {
	fn, ok := parseFlywayName(path.Base(p))
	return ok && fn.kind == 'U'
}

// memberName says whether a file of a directory belongs to a set of the
// format, as the tool decides from its name.
func memberName(format Format, base string) bool {
	if !strings.HasSuffix(base, ".sql") {
		return false
	}
	switch format {
	case GolangMigrate:
		return golangMigrateRx.MatchString(base)
	case Goose:
		return gooseNameRx.MatchString(base)
	case Dbmate:
		return dbmateNameRx.MatchString(base)
	case Flyway:
		_, ok := parseFlywayName(base)
		return ok
	case Tern:
		return ternNameRx.MatchString(base)
	case Pop:
		return popMember(base)
	}
	return true
}

// Detect works out the format of the migration directory dir (a
// slash-separated path in fsys) from its layout (see DetectLayout):
// atlas.sum → atlas; sqitch.plan → sqitch; migration_lock.toml or
// <timestamp>_<name>/migration.sql → prisma; <version>_<name>/up.sql →
// diesel; pop's <version>_<name>.<dialect>.up.sql (or .autocommit.)
// names → pop; golang-migrate *.up.sql/*.down.sql names → golang-migrate;
// Flyway V<version>__*.sql or R__*.sql names → flyway; files with a
// `-- +goose Up` line → goose, with `-- migrate:up` → dbmate, with
// `-- +migrate Up` → sql-migrate, numbered files with tern's
// `---- create above / drop below ----` (or beside a tern.conf) → tern;
// anything else is plain SQL applied in name order, where x.down.sql is
// the down migration of x.up.sql.
func Detect(fsys fs.FS, dir string) (Format, error) {
	dir = cleanDir(dir)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return "", err
	}
	if f := DetectEntries(fsys, dir, entries); f != "" {
		return f, nil
	}
	return Plain, nil
}

// headSize is how much of a file detection reads.
const headSize = 4096

// DetectEntries returns the format that the names and file heads of the
// listed directory dir of fsys show, or "" when nothing marks it as a
// migration set (Detect's Plain).
func DetectEntries(fsys fs.FS, dir string, entries []fs.DirEntry) Format {
	l := Layout{
		Head: func(name string) []byte { return readHead(fsys, path.Join(dir, name)) },
		Sub: func(sub string) []string {
			es, err := fs.ReadDir(fsys, path.Join(dir, sub))
			if err != nil {
				return nil
			}
			names := make([]string, 0, len(es))
			for _, e := range es {
				if !e.IsDir() {
					names = append(names, e.Name())
				}
			}
			return names
		},
	}
	for _, e := range entries {
		if e.IsDir() {
			l.Dirs = append(l.Dirs, e.Name())
		} else {
			l.Files = append(l.Files, e.Name())
		}
	}
	return DetectLayout(l)
}

var gooseUpRx = lazyre.New(`(?im)^--\s*\+goose\s+up\s*$`)

func readHead(fsys fs.FS, p string) []byte {
	head, _ := ReadHead(fsys, p, headSize)
	return head
}

// cleanDir cleans a slash-separated directory for use as an fs.FS path.
func cleanDir(dir string) string {
	return path.Clean(filepath.ToSlash(dir))
}

// LoadDir reads the migration set in dir, a slash-separated directory
// of fsys (the repository: Dir for the file system, or a tree that git
// holds), with the given format ("" detects it with Detect). The
// files come back in the order the tool applies them, with paths relative
// to the top of fsys:
//
//   - golang-migrate, goose, tern and pop: by numeric version (pop: of
//     each version's files, the postgres one over the one for every
//     database, and none of another database's);
//   - sql-migrate: by numeric prefix, then by name;
//   - dbmate, Atlas, diesel and Prisma: by file or directory name;
//   - Flyway: versioned files by version, compared part by part, then
//     repeatable files by description; Flyway reads subdirectories too;
//   - Sqitch: in the order of sqitch.plan;
//   - plain: by name, numeric prefixes compared as numbers.
//
// Files whose names the tool does not read as migrations are left out:
// non-SQL files, goose .go migrations, a README.sql beside numbered
// files; the .sql files among them become NotRun entries of Others. The
// down parts kept in files of their own (golang-migrate .down.sql, Flyway
// U files, diesel down.sql, Sqitch revert scripts) become the DownFile of
// their up file. A version used twice is a Problem of the later file.
//
// The errors are *InputError values for files that cannot be read or are
// not text; the set holds the other files, so the caller can report each
// error and still lint the rest. The set is nil when the directory itself
// cannot be read.
func LoadDir(fsys fs.FS, dir string, format Format) (*Set, []error) {
	return loadDir(fsys, dir, format, nil)
}

// loadDir is LoadDir, taking the files that files holds unchanged from it
// (files may be nil).
func loadDir(fsys fs.FS, dir string, format Format, files *fileMemo) (*Set, []error) {
	dir = cleanDir(dir)
	if format == "" {
		f, err := Detect(fsys, dir)
		if err != nil {
			return nil, []error{&InputError{Path: dir, Err: UnwrapPathError(err).Error()}}
		}
		format = f
	}
	if format == Sqitch {
		return loadSqitch(fsys, dir)
	}
	files.use(format)
	names, dirs, err := listFiles(fsys, dir, listDepth(format))
	if err != nil {
		return nil, []error{&InputError{Path: dir, Err: UnwrapPathError(err).Error()}}
	}
	set := &Set{Dir: dir, Format: format}
	var errs []error
	var downs []*File
	for _, r := range readAll(fsys, dir, format, names, files) {
		switch {
		case r.err != nil:
			errs = append(errs, r.err)
		case r.file == nil:
		case r.down:
			downs = append(downs, r.file)
		default:
			set.Files = append(set.Files, r.file)
		}
	}
	if format == Pop {
		set.Files, downs = selectPop(set.Files), selectPop(downs)
		markPopPlaceholders(set.Files, names)
	}
	sortFiles(format, set.Files)
	markDuplicates(format, set.Files)
	lone := attachDowns(format, set.Files, downs)
	finishLayout(fsys, set, names, dirs, lone)
	if format == Flyway {
		applyFlywayConfig(fsys, set)
	}
	return set, errs
}

// listDepth is how deep LoadDir lists a set's directory: as deep as the
// tool reads (Depth), and two levels for plain SQL, to name the files in
// subdirectories that it leaves unread.
func listDepth(format Format) int {
	if format == Plain {
		return 2
	}
	return Depth(format)
}

// readResult is one file of a directory, read and parsed, or the error
// that kept it out; both are nil for a name the format does not read.
type readResult struct {
	file *File
	down bool
	err  error
}

// readAll reads and parses the named files of a set on every CPU, keeping
// their order: reading thousands of files is otherwise a sequential
// prelude to linting.
func readAll(fsys fs.FS, dir string, format Format, names []string, files *fileMemo) []readResult {
	out := make([]readResult, len(names))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(names) {
		workers = len(names)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = readOne(fsys, dir, format, names[i], files)
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func readOne(fsys fs.FS, dir string, format Format, name string, files *fileMemo) readResult {
	down, ok := member(format, name)
	if !ok {
		return readResult{}
	}
	rel := path.Join(dir, name)
	if r, ok := files.reuse(rel); ok {
		return r
	}
	r := readNew(fsys, dir, format, rel, down)
	files.keep(rel, r)
	return r
}

// readNew reads and parses one file of a set.
func readNew(fsys fs.FS, dir string, format Format, rel string, down bool) readResult {
	data, err := ReadFile(fsys, rel)
	if err != nil {
		return readResult{err: &InputError{Path: rel, Err: UnwrapPathError(err).Error()}}
	}
	f, err := ParseFile(format, rel, data)
	if err != nil {
		return readResult{err: err}
	}
	switch format {
	case Sqitch:
		f.Version, f.Name, _ = pathParts(format, dir, rel)
		if down {
			asDown(f)
		}
	}
	return readResult{file: f, down: down}
}

// asDown turns a file read as up into a down file: all of it is its down
// part.
func asDown(f *File) {
	f.Up, f.Down = blankAll(f.Src), f.Up
}

func isDownFile(format Format, name string) bool {
	switch format {
	case GolangMigrate, Pop, Plain:
		return strings.HasSuffix(name, ".down.sql")
	case Flyway:
		return isFlywayUndo(name)
	case Diesel:
		return path.Base(name) == "down.sql"
	}
	return false
}

// dependencyDirs hold other projects' files, never a set's migrations.
var dependencyDirs = map[string]bool{"node_modules": true, "vendor": true, "site-packages": true, "__pycache__": true}

// listFiles lists the files and the directories below directory dir of
// fsys, names relative to it, down to depth levels below it (-1: all);
// directories whose names start with a dot, and dependency directories
// (node_modules, vendor, site-packages, __pycache__), are left out.
func listFiles(fsys fs.FS, dir string, depth int) (files, dirs []string, err error) {
	var walk func(sub string, level int) error
	walk = func(sub string, level int) error {
		entries, err := fs.ReadDir(fsys, path.Join(dir, sub))
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := path.Join(sub, e.Name())
			if !e.IsDir() {
				files = append(files, name)
				continue
			}
			if strings.HasPrefix(e.Name(), ".") || dependencyDirs[e.Name()] || depth >= 0 && level >= depth {
				continue
			}
			dirs = append(dirs, name)
			if err := walk(name, level+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(".", 0); err != nil {
		return nil, nil, err
	}
	return files, dirs, nil
}

// duplicateEffect says what each tool does with two files of one version.
var duplicateEffect = map[Format]string{
	GolangMigrate: "golang-migrate refuses to read the directory",
	Goose:         "goose refuses to run the set",
	Flyway:        "flyway fails validation with more than one migration of that version",
	Dbmate:        "dbmate records one version for both, so the later file is taken as applied and never runs",
	Atlas:         "atlas tracks revisions by version and cannot tell the files apart",
	Tern:          "tern refuses to load the migrations (Duplicate migration)",
	Diesel:        "diesel records one version for both, so the later migration is taken as applied and never runs",
	Pop:           "pop runs one of them, and which is not defined",
}

// markDuplicates adds a Problem to each file whose version an earlier
// file already has. Sorting put files of one version next to each other.
func markDuplicates(format Format, files []*File) {
	for i := 1; i < len(files); i++ {
		a, b := files[i-1], files[i]
		if a.Version == "" || b.Version == "" || !sameVersion(format, a, b) {
			continue
		}
		first := a
		for j := i - 1; j > 0 && sameVersion(format, files[j-1], b); j-- {
			first = files[j-1]
		}
		b.Problems = append(b.Problems, Problem{Offset: 0, Message: fmt.Sprintf(
			"version %s is also used by %s: %s", b.Version, MigrationName(format, first.Path), duplicateEffect[format])})
	}
}

// MigrationName names the migration of file p of a set of the format in
// messages: the file's name, or its directory's for the formats that keep
// a directory per migration (diesel's up.sql is
// 2024-01-02-000000_add_users).
func MigrationName(format Format, p string) string {
	if Depth(format) == 1 {
		return path.Base(path.Dir(p))
	}
	return path.Base(p)
}

// attachDowns makes each down file the DownFile of the up file of its
// version, and returns the down files without an up file, which are
// dropped.
func attachDowns(format Format, ups, downs []*File) (lone []*File) {
	if key := pairedBy(format); key != nil {
		byKey := make(map[string]*File, len(ups))
		for _, u := range ups {
			if k, ok := key(u.Path, false); ok {
				byKey[k] = u
			}
		}
		for _, d := range downs {
			if k, ok := key(d.Path, true); ok && byKey[k] != nil {
				byKey[k].DownFile = d
			} else {
				lone = append(lone, d)
			}
		}
		return lone
	}
	// Files are bucketed by the number before the first dot, so that a
	// directory of thousands of migrations is not matched pair by pair;
	// sameVersion decides within a bucket.
	byLead := make(map[string][]*File, len(ups))
	for _, u := range ups {
		byLead[leadNumber(u.Version)] = append(byLead[leadNumber(u.Version)], u)
	}
	for _, d := range downs {
		attached := false
		for _, u := range byLead[leadNumber(d.Version)] {
			if u.DownFile == nil && sameVersion(format, u, d) {
				u.DownFile, attached = d, true
				break
			}
		}
		if !attached {
			lone = append(lone, d)
		}
	}
	return lone
}

// pairedBy returns, for the formats whose down file goes with the up file
// of the same path but for its end, what that path is: diesel's
// migration directory, plain SQL's file name without .up.sql or
// .down.sql. It is nil for the formats that pair by version.
func pairedBy(format Format) func(p string, down bool) (string, bool) {
	switch format {
	case Diesel:
		return func(p string, _ bool) (string, bool) { return path.Dir(p), true }
	case Plain:
		return func(p string, down bool) (string, bool) {
			if down {
				return strings.CutSuffix(p, ".down.sql")
			}
			return strings.CutSuffix(p, ".up.sql")
		}
	}
	return nil
}

// leadNumber returns the part of a version before its first dot or
// underscore, without leading zeros: equal versions have equal lead numbers.
func leadNumber(v string) string {
	if i := strings.IndexAny(v, "._"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimLeft(v, "0")
	if v == "" {
		return "0"
	}
	return v
}

// UnwrapPathError returns the cause of a *fs.PathError (the "no such file
// or directory" of "open x: no such file or directory"), for messages that
// name the path themselves; other errors come back unchanged.
func UnwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
