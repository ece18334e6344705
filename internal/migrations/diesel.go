package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// parseDiesel reads one file of a diesel migration directory: up.sql is
// the up part, down.sql the down part. diesel runs up.sql in a
// transaction unless the directory's metadata.toml sets
// run_in_transaction = false (see applyDieselMetadata).
func parseDiesel(f *File) {
	f.Tx, f.TxSource = TxWrapped, "diesel default: each migration runs in a transaction"
	if path.Base(f.Path) == "down.sql" {
		f.Up, f.Down = blankAll(f.Src), blankBOM(f.Src)
		return
	}
	f.Up = blankBOM(f.Src)
}

// applyDieselMetadata reads the metadata.toml of the migration directory
// of f, an up.sql. With run_in_transaction = false diesel sends up.sql as
// one multi-statement string (batch_execute), which PostgreSQL runs as one
// implicit transaction. diesel ignores a metadata.toml it cannot read as
// TOML, and then runs the migration in a transaction: a value that is not
// a boolean is reported.
func applyDieselMetadata(fsys fs.FS, f *File) {
	meta := path.Join(path.Dir(f.Path), "metadata.toml")
	data, err := ReadFile(fsys, meta)
	if err != nil {
		return
	}
	table := ""
	for _, l := range splitLines(string(data)) {
		t := strings.TrimSpace(stripTOMLComment(l.text))
		if strings.HasPrefix(t, "[") {
			table = t
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok || table != "" || strings.Trim(strings.TrimSpace(k), `"'`) != "run_in_transaction" {
			continue
		}
		switch strings.TrimSpace(v) {
		case "false":
			if !strings.HasPrefix(f.TxSource, "-- migguard:tx") {
				f.Tx, f.TxSource = TxImplicit, fmt.Sprintf("%s sets run_in_transaction = false on line %d: diesel sends up.sql as one multi-statement string", meta, l.n)
			}
		case "true":
		default:
			f.Problems = append(f.Problems, Problem{Offset: firstText(f.Src), Message: fmt.Sprintf(
				"run_in_transaction = %s on line %d of %s is not true or false: diesel ignores the file and runs up.sql in a transaction", strings.TrimSpace(v), l.n, meta)})
		}
	}
}

// stripTOMLComment cuts a # comment that is not inside a quoted string.
func stripTOMLComment(s string) string {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return s[:i]
		}
	}
	return s
}
