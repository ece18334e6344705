package migrations

import (
	"path"
	"sort"
	"strings"
)

// The version order of each format. Every comparison of versions in
// migguard (file order, duplicate versions, start_after, apply --after,
// "the newest migration on the base") goes through CompareVersions or
// sortFiles, so the commands cannot disagree about which migration comes
// first. Alembic is not ordered by names: its order is the revision graph,
// which internal/project consults.

// CompareVersions compares two versions as the format's tool orders them,
// returning -1, 0 or +1:
//
//   - golang-migrate, goose, tern and pop: as numbers (leading zeros do
//     not count);
//   - sql-migrate: the numeric prefixes of the names as numbers, names
//     without one after them;
//   - Flyway: part by part at dots and underscores, each part as a number,
//     missing parts counting as 0, so 1.2 < 1.10 and 1.0 = 1;
//   - dbmate, Atlas, diesel and Prisma: as text, as those tools record
//     and sort versions;
//   - Sqitch: its versions are change names, which the plan orders, not
//     their text (project's Loaded.After asks the plan); as text here;
//   - plain SQL: as numbers when both are, else as text.
//
// A version that is not what the format's names carry (letters in a goose
// version, say) is compared as text after the ones that are.
func CompareVersions(format Format, a, b string) int {
	switch format {
	case Flyway:
		return compareFlyway(flywayParts(a), flywayParts(b))
	case Dbmate, Atlas, Diesel, Prisma, Sqitch, Single, Alembic:
		return strings.Compare(a, b)
	}
	return compareNumOrText(a, b)
}

// compareNumOrText compares decimal numbers by value; anything else sorts
// after them, as text.
func compareNumOrText(a, b string) int {
	na, nb := isDigits(a), isDigits(b)
	switch {
	case na && nb:
		return compareNum(a, b)
	case na:
		return -1
	case nb:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool { return s != "" && digitRun(s) == len(s) }

// flywayParts splits a Flyway version at dots and underscores.
func flywayParts(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '_' })
}

// compareNum compares two decimal digit strings by value, at any length.
func compareNum(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// compareFlyway compares versions part by part; missing parts count as 0,
// so 1.0 and 1 are the same version, as in Flyway.
func compareFlyway(a, b []string) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := "0", "0"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := compareNumOrText(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// compareNatural orders plain file names by their numeric prefix, then by
// name, so 2_x.sql comes before 10_x.sql.
func compareNatural(a, b string) int {
	da, db := leadingDigits(a), leadingDigits(b)
	if da != "" && db != "" {
		if c := compareNum(da, db); c != 0 {
			return c
		}
	} else if da != "" || db != "" {
		if da != "" {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

// sortFiles puts files in the order the tool applies them; Sqitch's order
// is its plan's, which LoadDir follows without sorting: here its scripts
// are ordered by name.
func sortFiles(format Format, files []*File) {
	var cmp func(a, b *File) int
	switch format {
	case GolangMigrate, Goose, Tern, SQLMigrate, Diesel, Sqitch, Pop:
		cmp = func(a, b *File) int {
			if c := CompareVersions(format, a.Version, b.Version); c != 0 {
				return c
			}
			return strings.Compare(a.Path, b.Path)
		}
	case Flyway:
		cmp = func(a, b *File) int {
			if a.Repeatable != b.Repeatable {
				if b.Repeatable {
					return -1
				}
				return 1
			}
			if a.Repeatable {
				if c := strings.Compare(a.Name, b.Name); c != 0 {
					return c
				}
				return strings.Compare(a.Path, b.Path)
			}
			if c := CompareVersions(format, a.Version, b.Version); c != 0 {
				return c
			}
			return strings.Compare(a.Path, b.Path)
		}
	case Plain:
		cmp = func(a, b *File) int { return compareNatural(path.Base(a.Path), path.Base(b.Path)) }
	case Prisma:
		cmp = func(a, b *File) int { return strings.Compare(path.Base(path.Dir(a.Path)), path.Base(path.Dir(b.Path))) }
	default: // dbmate, Atlas: file name order
		cmp = func(a, b *File) int { return strings.Compare(path.Base(a.Path), path.Base(b.Path)) }
	}
	sort.SliceStable(files, func(i, j int) bool { return cmp(files[i], files[j]) < 0 })
}

// sameVersion says whether two files of a format carry one version.
// Files without a version, and Flyway's repeatable files, never share one.
func sameVersion(format Format, a, b *File) bool {
	if a.Version == "" || b.Version == "" || a.Repeatable || b.Repeatable {
		return false
	}
	switch format {
	case GolangMigrate, Goose, Flyway, Dbmate, Atlas, Tern, Diesel, Pop:
		return CompareVersions(format, a.Version, b.Version) == 0
	}
	return false
}
