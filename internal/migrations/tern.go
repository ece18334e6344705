package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// tern's conventions, from jackc/tern migrate/migrate.go.
var (
	// ternNameRx is tern's migration file pattern; other files of the
	// directory are not migrations, and .sql files in its subdirectories
	// are shared templates that migrations include.
	ternNameRx = nameRx{lazyre.New(`^([0-9]+)_.+\.sql$`), matchTern}
	// ternDisableTxRx marks a migration tern runs outside a transaction.
	ternDisableTxRx = lazyre.New(`(?m)^---- tern: disable-tx ----$`)
	// ternMarkerRx finds tern's separators in a file head.
	ternMarkerRx = lazyre.New(`(?m)---- create above / drop below ----|^---- tern: disable-tx ----`)
)

// ternSeparator splits a tern migration into its up and down parts.
const ternSeparator = "---- create above / drop below ----"

// matchTern is ^([0-9]+)_.+\.sql$.
func matchTern(s string, groups bool) []string {
	i := digitRun(s)
	if i == 0 || i >= len(s) || s[i] != '_' {
		return nil
	}
	mid, ok := strings.CutSuffix(s[i+1:], ".sql")
	if !ok || mid == "" || strings.Contains(mid, "\n") {
		return nil
	}
	if !groups {
		return matched
	}
	return []string{s, s[:i]}
}

// parseTern splits a tern migration at its first
// `---- create above / drop below ----`: the up part above it, the down
// part below. tern runs the up part in a transaction as one string, unless
// a `---- tern: disable-tx ----` line in it makes tern split it into
// statements run one by one. The up part must hold SQL.
func parseTern(f *File) {
	src := f.Src
	up, down := newPart(src), newPart(src)
	upEnd := len(src)
	if i := strings.Index(src, ternSeparator); i >= 0 {
		upEnd = i
		down.keep(i+len(ternSeparator), len(src))
		f.Down = down.String()
	}
	up.keep(0, upEnd)
	f.Up = up.String()
	f.Tx, f.TxSource = TxWrapped, "tern default: each migration runs in a transaction"
	if m := ternDisableTxRx.FindStringIndex(src[:upEnd]); m != nil {
		f.Tx, f.TxSource = TxNone, fmt.Sprintf("---- tern: disable-tx ---- on line %d (tern runs the statements one by one)", lineAt(src, m[0]))
	}
	if !holdsSQL(src[:upEnd]) {
		f.Problems = append(f.Problems, Problem{Offset: firstText(src), Message: "no SQL above ---- create above / drop below ----: tern refuses to load the migrations (no sql in forward migration step)"})
	}
}

// holdsSQL reports whether text has a line that is neither blank nor a
// -- comment, as tern checks the up part.
func holdsSQL(text string) bool {
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(strings.TrimPrefix(l, bom))
		if t != "" && !strings.HasPrefix(t, "--") {
			return true
		}
	}
	return false
}

// checkTernSequence reports what tern refuses in the numbers of a
// directory: they must run 1, 2, 3 … without gaps. Files come sorted by
// number; duplicates are markDuplicates' concern.
func checkTernSequence(files []*File) {
	want := int64(1)
	for _, f := range files {
		n, err := strconv.ParseInt(f.Version, 10, 32)
		if err != nil {
			f.Problems = append(f.Problems, Problem{Message: fmt.Sprintf("version %s of %s is not a 32-bit number: tern refuses to load the migrations", f.Version, path.Base(f.Path))})
			continue
		}
		switch {
		case n < want: // a duplicate, reported by markDuplicates
		case n > want:
			f.Problems = append(f.Problems, Problem{Message: fmt.Sprintf("%s has number %d but no migration has number %d: tern numbers migrations 1, 2, 3… without gaps and refuses to load the directory (Missing migration %d)",
				path.Base(f.Path), n, want, want)})
			want = n + 1
		default:
			want++
		}
	}
}

// TernData returns the [data] section of the tern.conf in a tern set's
// directory, the values tern gives its templates ({{.prefix}}); nil when
// there is none. Values that are templates themselves are left out.
func TernData(fsys fs.FS, dir string) map[string]string {
	data, err := ReadFile(fsys, path.Join(dir, "tern.conf"))
	if err != nil {
		return nil
	}
	out := map[string]string{}
	section := ""
	for _, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		switch {
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";"):
		case strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"):
			section = strings.TrimSpace(t[1 : len(t)-1])
		case section == "data":
			k, v, ok := strings.Cut(t, "=")
			if v = strings.TrimSpace(v); ok && !strings.Contains(v, "{{") {
				out[strings.TrimSpace(k)] = v
			}
		}
	}
	return out
}
