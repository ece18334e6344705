package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// FuzzLint runs every rule over arbitrary SQL, split into two files of one
// set, under each transaction model: no rule may panic, and every finding
// must point inside its file; linted with the files parsed a few
// statements at a time, as a long file is, they give the same findings.
func FuzzLint(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/*.sql")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil && len(data) < 4000 {
			f.Add(string(data), uint8(len(data)%3))
		}
	}
	f.Add("BEGIN; CREATE TABLE t (a int); COMMIT; ALTER TABLE t ADD COLUMN b int NOT NULL;", uint8(0))
	sev := map[string]Severity{}
	for _, r := range SQL() {
		sev[r.ID] = r.Severity
	}
	f.Fuzz(func(t *testing.T, src string, mode uint8) {
		if !utf8.ValidString(src) {
			return
		}
		cut := len(src) / 2
		for cut > 0 && !utf8.RuneStart(src[cut]) {
			cut--
		}
		tx := []migrations.TxMode{migrations.TxNone, migrations.TxWrapped, migrations.TxImplicit}[mode%3]
		set := &migrations.Set{Dir: "m", Format: migrations.Plain}
		for i, part := range []string{src[:cut], src[cut:]} {
			set.Files = append(set.Files, &migrations.File{Path: "m/" + string(rune('a'+i)) + ".sql",
				Version: string(rune('1' + i)), Src: part, Up: part, Tx: tx})
		}
		start := time.Now()
		res := LintSet(set, Options{Severity: sev})
		if d := time.Since(start); d > 10*time.Second && len(src) < 100000 {
			t.Fatalf("linting %d bytes took %v", len(src), d)
		}
		for _, fd := range res.Findings {
			var size int
			for _, file := range set.Files {
				if file.Path == fd.Path {
					size = len(file.Src)
				}
			}
			if fd.Offset < 0 || fd.Offset > size || fd.Pos.Line < 1 || fd.Pos.Col < 1 {
				t.Fatalf("finding outside its file (%d bytes): %+v", size, fd)
			}
		}
		// Parsed and linted a few statements at a time, as a long file
		// is, the files give the same findings.
		defer func(n int) { pgparse.ChunkBytes = n }(pgparse.ChunkBytes)
		pgparse.ChunkBytes = 24
		if runs := LintSet(set, Options{Severity: sev}); !reflect.DeepEqual(runs.Findings, res.Findings) {
			t.Fatalf("in runs of 24 bytes: %d findings, whole: %d; first difference: %s",
				len(runs.Findings), len(res.Findings), firstDiff(res.Findings, runs.Findings))
		}
	})
}
