package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// finishLayout completes a set that LoadDir read: what each format checks
// beyond its files (tern's numbering, diesel's metadata.toml, migration
// directories without their script), and the Others: the .sql files the
// tool never runs, for plain SQL what was left unread, and the down files
// without their up file (lone, as attachDowns left them).
func finishLayout(fsys fs.FS, set *Set, names, dirs []string, lone []*File) {
	switch set.Format {
	case GolangMigrate:
		// golang-migrate lists a version that has only a down file, and
		// migrating up past it runs an empty migration: the version is
		// recorded, nothing is run.
		for _, d := range withoutUp(lone, names) {
			set.Others = append(set.Others, &File{Path: d.Path, Kind: Meta, Src: d.Src, Problems: []Problem{{Offset: FirstText(d.Src), Message: fmt.Sprintf(
				"%s has no up file: golang-migrate records version %s as applied without running anything, and runs this file when migrating down from it",
				path.Base(d.Path), d.Version)}}})
		}
	case Pop:
		// pop runs a down file only to undo a version it applied.
		for _, d := range withoutUp(lone, names) {
			set.Others = append(set.Others, notRunFile(fsys, d.Path, fmt.Sprintf(
				"pop runs a .down.sql file only to undo the up migration of its version, and version %s has none", d.Version)))
		}
	case Tern:
		checkTernSequence(set.Files)
	case Diesel:
		for _, f := range set.Files {
			applyDieselMetadata(fsys, f)
		}
		set.Others = append(set.Others, scriptlessDirs(set, names, dirs, "up.sql", "diesel refuses the migrations directory (UnknownMigrationFormat)")...)
	case Prisma:
		set.Others = append(set.Others, scriptlessDirs(set, names, dirs, "migration.sql", "prisma migrate refuses the migrations directory (P3015)")...)
	case Plain:
		if o := unexplained(fsys, set, names, dirs); o != nil {
			set.Others = append(set.Others, o)
			return
		}
		for _, d := range lone {
			up := strings.TrimSuffix(path.Base(d.Path), ".down.sql") + ".up.sql"
			set.Others = append(set.Others, notRunFile(fsys, d.Path, "a .down.sql file of plain SQL undoes the .up.sql file of its name, and there is no "+up))
		}
	}
	why := notRunWhy[set.Format]
	for _, n := range names {
		if !strings.HasSuffix(n, ".sql") {
			continue
		}
		if _, ok := member(set.Format, n); ok || set.Format == Flyway && isFlywayCallback(path.Base(n)) {
			continue
		}
		if ForOtherDatabase(set.Format, path.Base(n)) {
			continue // another database's migration
		}
		set.Others = append(set.Others, notRunFile(fsys, path.Join(set.Dir, n), why))
	}
}

// withoutUp returns the lone down files of a golang-migrate or pop set
// (names: its files) whose version has no up file of another kind either:
// golang-migrate takes `<version>_<title>.up.<any extension>` as the up
// file, pop a `.up.fizz` file, neither of which the set reads.
func withoutUp(lone []*File, names []string) []*File {
	if len(lone) == 0 {
		return nil
	}
	ups := map[string]bool{}
	for _, n := range names {
		b := path.Base(n)
		// Versions compare as numbers (leadNumber), as both tools read them.
		if v, _, ok := strings.Cut(b, "_"); ok && v != "" && strings.Contains(b, ".up.") {
			ups[leadNumber(v)] = true
		}
	}
	var out []*File
	for _, d := range lone {
		if !ups[leadNumber(d.Version)] {
			out = append(out, d)
		}
	}
	return out
}

// notRunWhy says, per format, which files its tool runs.
var notRunWhy = map[Format]string{
	GolangMigrate: "golang-migrate runs only files named <version>_<title>.up.sql and .down.sql",
	Goose:         "goose runs only .sql files named <version>_<name>.sql",
	Dbmate:        "dbmate runs only .sql files whose names start with a version number",
	Flyway:        "flyway runs only V<version>__<description>.sql, U<version>__<description>.sql and R__<description>.sql files (and callbacks)",
	Tern:          "tern runs only files named <number>_<name>.sql directly in its directory",
	Diesel:        "diesel runs only the up.sql and down.sql of each <version>_<name> directory",
	Prisma:        "prisma migrate runs only the migration.sql of each <timestamp>_<name> directory",
	Pop:           "pop runs only files named <version>_<name>[.<dialect>][.autocommit].up.sql and .down.sql",
}

// notRunFile is the Others entry of a .sql file the tool never runs. Its
// text is read, when it can be, for the report's excerpt.
func notRunFile(fsys fs.FS, p, why string) *File {
	o := &File{Path: p, Kind: NotRun, Why: path.Base(p) + " is never run: " + why}
	if data, err := ReadFile(fsys, p); err == nil && checkText(p, data) == nil {
		o.Src = string(data)
	}
	return o
}

// isFlywayCallback reports whether a file is a Flyway SQL callback
// (beforeMigrate.sql, afterEachMigrate__note.sql, …), which Flyway runs
// around migrations.
func isFlywayCallback(base string) bool {
	stem, _, _ := strings.Cut(strings.TrimSuffix(base, ".sql"), "__")
	return strings.HasPrefix(stem, "before") || strings.HasPrefix(stem, "after") || stem == "createSchema"
}

// scriptlessDirs returns a Meta entry with a Problem for each migration
// directory of a directory-per-migration set that lacks its script.
func scriptlessDirs(set *Set, names, dirs []string, script, effect string) []*File {
	has := map[string]bool{}
	for _, n := range names {
		if path.Base(n) == script {
			has[path.Dir(n)] = true
		}
	}
	var out []*File
	for _, d := range dirs {
		if isVersionDir(d) && !has[d] {
			out = append(out, &File{Path: path.Join(set.Dir, d), Kind: Meta, Problems: []Problem{{Message: fmt.Sprintf(
				"migration directory %s has no %s: %s", d, script, effect)}}})
		}
	}
	return out
}

// maxNamed bounds how many unread files a message names.
const maxNamed = 5

// unexplained returns the Others entry of a directory read as plain SQL
// that no format explains: it holds .sql files in subdirectories, which
// plain SQL does not read, or no .sql file at all. It is nil when plain
// SQL read the directory's .sql files and left no other one unread.
func unexplained(fsys fs.FS, set *Set, names, dirs []string) *File {
	var unread, all []string
	for _, n := range names {
		all = append(all, n)
		if strings.Contains(n, "/") && strings.HasSuffix(n, ".sql") {
			unread = append(unread, n)
		}
	}
	var why string
	switch {
	case len(unread) > 0:
		verb := "were"
		if len(unread) == 1 {
			verb = "was"
		}
		why = fmt.Sprintf("no migration format explains %s: plain SQL reads only the .sql files directly in it, and %s below it %s not read: %s",
			set.Dir, count(len(unread), ".sql file"), verb, nameSome(unread))
	case len(set.Files) > 0:
		return nil
	case len(all) > 0:
		why = fmt.Sprintf("no migration format explains %s and it holds no .sql file: %s not read: %s", set.Dir, count(len(all), "file"), nameSome(all))
	default:
		why = fmt.Sprintf("%s holds no file: nothing was linted", set.Dir)
	}
	if sub, f := subSet(fsys, set.Dir, names, dirs); f != "" {
		why += fmt.Sprintf("; %s is a %s set: lint it, or the whole repository, instead", path.Join(set.Dir, sub), f)
	}
	return &File{Path: set.Dir, Kind: Unexplained, Why: why}
}

// subSet returns the first subdirectory right below a set's directory
// whose layout shows a format, and that format.
func subSet(fsys fs.FS, dir string, names, dirs []string) (string, Format) {
	for _, d := range dirs {
		if strings.Contains(d, "/") {
			continue
		}
		l := Layout{Head: func(n string) []byte { return readHead(fsys, path.Join(dir, d, n)) }}
		for _, n := range names {
			if rest, ok := strings.CutPrefix(n, d+"/"); ok && !strings.Contains(rest, "/") {
				l.Files = append(l.Files, rest)
			}
		}
		for _, sd := range dirs {
			if rest, ok := strings.CutPrefix(sd, d+"/"); ok && !strings.Contains(rest, "/") {
				l.Dirs = append(l.Dirs, rest)
			}
		}
		l.Sub = func(sd string) []string {
			var out []string
			for _, n := range names {
				if rest, ok := strings.CutPrefix(n, d+"/"+sd+"/"); ok && !strings.Contains(rest, "/") {
					out = append(out, rest)
				}
			}
			return out
		}
		if f := DetectLayout(l); f != "" {
			return d, f
		}
	}
	return "", ""
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// nameSome lists up to maxNamed names, and how many more there are.
func nameSome(names []string) string {
	if len(names) <= maxNamed {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxNamed], ", "), len(names)-maxNamed)
}
