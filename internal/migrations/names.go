package migrations

import (
	"bytes"
	"path"
	"strings"
)

// OrderNames applies LoadDir's rules to file names alone, for sets read
// from somewhere other than the file system (a git tree): it keeps the
// paths that the format's tool reads as migrations, and returns them as
// Files carrying only Path, Version, Name and Repeatable, in the order the
// tool applies them. Down files (golang-migrate .down.sql, Flyway U files,
// diesel down.sql, Sqitch revert scripts) come back separately, unordered.
// Paths are slash-separated; only paths where the tool looks are kept (see
// Depth): directly inside dir, in its migration directories for diesel and
// Prisma, anywhere below it for Flyway and Sqitch. Sqitch's order is its
// plan's, which names do not show: its deploy scripts come back by name.
func OrderNames(format Format, dir string, paths []string) (ups, downs []*File) {
	dir = path.Clean(dir)
	for _, p := range paths {
		rel, ok := relTo(dir, p)
		if !ok {
			continue // not below dir
		}
		down, ok := member(format, rel)
		if !ok {
			continue
		}
		f := &File{Path: p}
		f.Version, f.Name, f.Repeatable = pathParts(format, dir, p)
		if down {
			downs = append(downs, f)
			continue
		}
		ups = append(ups, f)
	}
	sortFiles(format, ups)
	return ups, downs
}

// SameVersion reports whether two files of a set of the format carry one
// version, as the tool compares them (numerically for golang-migrate and
// goose, part by part for Flyway, as text for dbmate and Atlas). Files
// without a version never share one.
func SameVersion(format Format, a, b *File) bool {
	if a.Version == "" || b.Version == "" {
		return false
	}
	return sameVersion(format, a, b)
}

// IsMigrationName reports whether the format's tool reads a file of this
// base name as a migration (up or down) where it looks for migrations;
// IsMigrationPath also judges where the file is.
func IsMigrationName(format Format, base string) bool {
	switch format {
	case Diesel:
		return base == "up.sql" || base == "down.sql"
	case Prisma:
		return base == "migration.sql"
	case Sqitch:
		return strings.HasSuffix(base, ".sql")
	}
	return memberName(format, base)
}

// DetectNames is Detect for a directory given as the names of its files
// (base names, no directories) and a function that returns the start of a
// file's content; it returns "" when nothing marks the directory as a
// migration set (Detect's Plain). DetectLayout also sees subdirectories.
func DetectNames(names []string, head func(name string) []byte) Format {
	return DetectLayout(Layout{Files: names, Head: head})
}

// Layout is what detection sees of a directory.
type Layout struct {
	// Files and Dirs are the base names of its files and subdirectories.
	Files, Dirs []string
	// Head returns the start of one of its files.
	Head func(name string) []byte
	// Sub returns the base names of the files of one of its
	// subdirectories; nil when subdirectories are not looked into.
	Sub func(dir string) []string
}

// maxDetectDirs bounds how many migration-like subdirectories detection
// looks into.
const maxDetectDirs = 8

// DetectLayout works out the format of a directory from its layout: marker
// files (atlas.sum, sqitch.plan, Prisma's migration_lock.toml), file names
// (pop's dialects, golang-migrate, Flyway), the annotations at the start of numbered
// files (goose, dbmate, sql-migrate, tern), and directories per migration
// (diesel's up.sql, Prisma's migration.sql). It returns "" when nothing
// marks the directory as a migration set.
func DetectLayout(l Layout) Format {
	if f := detectMarkers(l.Files); f != "" {
		return f
	}
	for _, n := range l.Files {
		if strings.Count(n, ".") >= 3 && isPopName(n) {
			return Pop
		}
	}
	var numbered, other []string
	flyway := false
	for _, n := range l.Files {
		switch {
		case golangMigrateRx.MatchString(n):
			return GolangMigrate
		case memberName(Flyway, n):
			flyway = true
		case dbmateNameRx.MatchString(n):
			numbered = append(numbered, n)
		case strings.HasSuffix(n, ".sql"):
			other = append(other, n)
		}
	}
	if flyway {
		return Flyway
	}
	if f := detectHeads(numbered, l.Head, true); f != "" {
		return f
	}
	if f := detectHeads(other, l.Head, false); f != "" {
		return f
	}
	if hasTernConf(l.Files) {
		for _, n := range numbered {
			if ternNameRx.MatchString(n) {
				return Tern
			}
		}
	}
	return detectVersionDirs(l)
}

func hasTernConf(names []string) bool {
	for _, n := range names {
		if n == "tern.conf" {
			return true
		}
	}
	return false
}

// detectMarkers finds the files that name a tool.
func detectMarkers(names []string) Format {
	for _, n := range names {
		switch n {
		case "atlas.sum":
			return Atlas
		case "sqitch.plan":
			return Sqitch
		case "migration_lock.toml":
			return Prisma
		}
	}
	return ""
}

// maxDetectHeads bounds how many files without a version detection reads.
const maxDetectHeads = 16

// detectHeads reads the start of files for a tool's annotations: goose,
// dbmate, sql-migrate and, in numbered files, tern's separators.
func detectHeads(names []string, head func(string) []byte, numbered bool) Format {
	if head == nil {
		return ""
	}
	for i, n := range names {
		if !numbered && i == maxDetectHeads {
			break
		}
		h := head(n)
		if len(h) > headSize {
			h = h[:headSize]
		}
		switch {
		case numbered && hasGoose(h) && gooseUpRx.Match(h):
			return Goose
		case numbered && bytes.Contains(h, []byte("migrate:up")) && dbmateUpRx.Match(h):
			return Dbmate
		case bytes.Contains(h, []byte("-- +migrate ")) && sqlMigrateRx.Match(h):
			return SQLMigrate
		case numbered && bytes.Contains(h, []byte("---- ")) && ternNameRx.MatchString(n) && ternMarkerRx.Match(h):
			return Tern
		}
	}
	return ""
}

// hasGoose reports whether h holds a plus sign followed by g or G, as
// every match of gooseUpRx (+goose in any case; no other character folds
// to g) does. Each expression runs only on a head that holds a word it
// needs, found by a vectorised search: most heads hold none, and an
// expression tries every line start.
func hasGoose(h []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(h[i:], '+')
		if j < 0 {
			return false
		}
		i += j
		if i+1 < len(h) && h[i+1]|0x20 == 'g' {
			return true
		}
	}
}

// detectVersionDirs looks into the subdirectories named like migrations
// (a number first): diesel keeps up.sql in each, Prisma migration.sql.
func detectVersionDirs(l Layout) Format {
	if l.Sub == nil {
		return ""
	}
	seen := 0
	for _, d := range l.Dirs {
		if digitRun(d) == 0 || strings.HasPrefix(d, ".") {
			continue
		}
		if seen++; seen > maxDetectDirs {
			break
		}
		for _, n := range l.Sub(d) {
			switch n {
			case "up.sql":
				return Diesel
			case "migration.sql":
				return Prisma
			}
		}
	}
	return ""
}
