package migrations

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Discover walks the repository fsys and loads every directory that is
// a migration set: one whose file names follow a known tool's layout
// (golang-migrate up/down names, Flyway V/R names, atlas.sum, numbered
// files with goose or dbmate markers). Plain SQL directories are never
// discovered; they come from configuration.
//
// It does not enter .git, vendor, node_modules, hidden directories, or
// directories for which skip(relPath) is true (relPath slash-separated
// from the top of fsys). Only directory listings are read, plus the first 4 KiB of
// numbered .sql files to tell goose from dbmate; the files of the sets
// found are then read in full. A Flyway set includes its subdirectories,
// so they are not searched again.
//
// The sets are sorted by Dir. The errors are those of LoadDir, plus
// directories that cannot be listed.
func Discover(fsys fs.FS, skip func(relPath string) bool) ([]*Set, []error) {
	var sets []*Set
	var errs []error
	var walk func(rel string)
	walk = func(rel string) {
		entries, err := fs.ReadDir(fsys, rel)
		if err != nil {
			errs = append(errs, &InputError{Path: rel, Err: UnwrapPathError(err).Error()})
			return
		}
		format := detect(fsys, rel, entries)
		if format != "" {
			set, lerrs := LoadDir(fsys, rel, format)
			errs = append(errs, lerrs...)
			if set != nil && len(set.Files) > 0 {
				sets = append(sets, set)
			}
			if format == Flyway {
				return
			}
		}
		for _, e := range entries {
			if !e.IsDir() || skipDir(e.Name()) {
				continue
			}
			sub := path.Join(rel, e.Name())
			if skip != nil && skip(sub) {
				continue
			}
			walk(sub)
		}
	}
	walk(".")
	sort.Slice(sets, func(i, j int) bool { return sets[i].Dir < sets[j].Dir })
	return sets, errs
}

func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules"
}
