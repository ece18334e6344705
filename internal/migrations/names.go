package migrations

import (
	"path"
	"strings"
)

// OrderNames applies LoadDir's rules to file names alone, for sets read
// from somewhere other than the file system (a git tree): it keeps the
// paths that the format's tool reads as migrations, and returns them as
// Files carrying only Path, Version, Name and Repeatable, in the order the
// tool applies them. Down files (golang-migrate .down.sql, Flyway U files)
// come back separately, unordered. Paths are slash-separated; only their
// base names are judged, and for formats other than Flyway only paths
// directly inside dir are kept.
func OrderNames(format Format, dir string, paths []string) (ups, downs []*File) {
	dir = path.Clean(dir)
	for _, p := range paths {
		rel := strings.TrimPrefix(p, dir+"/")
		if dir == "." {
			rel = p
		}
		if rel == p && dir != "." {
			continue // not below dir
		}
		if strings.Contains(rel, "/") && format != Flyway {
			continue
		}
		base := path.Base(p)
		if !memberName(format, base) {
			continue
		}
		f := &File{Path: p}
		f.Version, f.Name, f.Repeatable = nameParts(format, p)
		if isDownFile(format, base) {
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
// base name as a migration (up or down).
func IsMigrationName(format Format, base string) bool { return memberName(format, base) }

// DetectNames is Detect for a directory given as the names of its files
// (base names, no directories) and a function that returns the start of a
// file's content; it returns "" when nothing marks the directory as a
// migration set (Detect's Plain).
func DetectNames(names []string, head func(name string) []byte) Format {
	for _, n := range names {
		if n == "atlas.sum" {
			return Atlas
		}
	}
	var numbered []string
	flyway := false
	for _, n := range names {
		switch {
		case golangMigrateRx.MatchString(n):
			return GolangMigrate
		case memberName(Flyway, n):
			flyway = true
		case dbmateNameRx.MatchString(n):
			numbered = append(numbered, n)
		}
	}
	if flyway {
		return Flyway
	}
	for _, n := range numbered {
		h := head(n)
		if len(h) > headSize {
			h = h[:headSize]
		}
		switch {
		case gooseUpRx.Match(h):
			return Goose
		case dbmateUpRx.Match(h):
			return Dbmate
		}
	}
	return ""
}
