package migrations

import (
	"path"
	"strings"
)

// The layout of a set: where below its directory the tool looks for
// migrations, and which paths it reads as up and down migrations. Formats
// with a file per migration keep them in the directory itself (Flyway
// also in its subdirectories); diesel and Prisma keep a directory per
// migration, so a set is the parent of its version directories; Sqitch
// keeps deploy/, revert/ and verify/ beside its sqitch.plan.

// Depth returns how many directory levels below a set's directory its
// tool reads files from: 0 for the formats that read the directory only,
// 1 for diesel and Prisma (one directory per migration), and -1 for no
// limit (Flyway, Sqitch).
func Depth(format Format) int {
	switch format {
	case Flyway, Sqitch:
		return -1
	case Diesel, Prisma:
		return 1
	}
	return 0
}

// Within reports whether a directory levels below a set's directory is
// within the reach of the format's tool (see Depth).
func Within(format Format, levels int) bool {
	d := Depth(format)
	return levels >= 0 && (d < 0 || levels <= d)
}

// member says what the format's tool makes of the file at rel, a
// slash-separated path relative to the set's directory: an up migration
// (down false), a down migration, or neither (ok false). It judges the
// path alone: Sqitch's plan decides which deploy scripts run (LoadDir).
func member(format Format, rel string) (down, ok bool) {
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	switch format {
	case Diesel:
		if !isVersionDir(dir) {
			return false, false
		}
		return base == "down.sql", base == "up.sql" || base == "down.sql"
	case Prisma:
		return false, isVersionDir(dir) && base == "migration.sql"
	case Sqitch:
		if !strings.HasSuffix(base, ".sql") || hasHiddenSegment(rel) {
			return false, false
		}
		switch {
		case strings.HasPrefix(rel, "deploy/"):
			return false, true
		case strings.HasPrefix(rel, "revert/"):
			return true, true
		}
		return false, false
	case Flyway:
		if hasHiddenSegment(rel) {
			return false, false
		}
	default:
		if dir != "" {
			return false, false
		}
	}
	if !memberName(format, base) {
		return false, false
	}
	return isDownFile(format, base), true
}

// isVersionDir reports whether dir, a path relative to a set of a
// directory-per-migration format, is one of its migration directories: a
// directory right below the set whose name does not start with a dot.
func isVersionDir(dir string) bool {
	return dir != "" && !strings.Contains(dir, "/") && !strings.HasPrefix(dir, ".")
}

func hasHiddenSegment(rel string) bool {
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// IsMigrationPath reports whether the tool of a set of the format in
// directory dir reads the file p (both slash-separated, relative to the
// repository root) as one of its migrations, up or down, from its path
// alone.
func IsMigrationPath(format Format, dir, p string) bool {
	rel, ok := relTo(dir, p)
	if !ok {
		return false
	}
	_, ok = member(format, rel)
	return ok
}

// relTo returns p relative to dir, or false when p is not below dir.
func relTo(dir, p string) (string, bool) {
	dir = path.Clean(dir)
	if dir == "." {
		return p, !strings.HasPrefix(p, "../")
	}
	rel, ok := strings.CutPrefix(p, dir+"/")
	return rel, ok
}

// pathParts reads the version and description that the format's tool
// reads from the path p of a file of the set in dir.
func pathParts(format Format, dir, p string) (version, name string, repeatable bool) {
	if format == Sqitch {
		rel, _ := relTo(dir, p)
		return sqitchStem(rel), sqitchStem(rel), false
	}
	return nameParts(format, p)
}

// versionDirParts splits a diesel or Prisma migration directory name at
// its first underscore: the version before it (diesel drops the dashes of
// 2024-01-02-030405) and the description after it.
func versionDirParts(format Format, name string) (version, desc string) {
	version, desc, _ = strings.Cut(name, "_")
	if format == Diesel {
		version = strings.ReplaceAll(version, "-", "")
	}
	return version, desc
}
