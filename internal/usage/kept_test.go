package usage

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/racytest"
	"github.com/migguard/migguard/internal/rules"
)

// An index (and a digest) built with a cache is taken from it by the next
// run while no code file changed, reading none; a changed or added file
// builds it again, and a damaged entry is built anew.
func TestIndexKept(t *testing.T) {
	files := map[string]string{"app/models.go": goModels, "app/queries.go": goQueries, "app/models.py": pyModels,
		"db/migrations/000001_a.up.sql": "CREATE TABLE users (id int);\n"}
	root := writeTree(t, files).Root
	c := cache.Open(t.TempDir(), "test")
	open := func() *Lazy {
		t.Helper()
		p, err := project.Open(root, "", root)
		if err != nil {
			t.Fatal(err)
		}
		p.UseCache(c)
		return NewLazy(p)
	}
	// Files changed too recently are not trusted to keep their ids, and
	// a build that read one is not kept.
	racytest.Settle(t, root)
	fresh := Build(writeTree(t, files), nil)

	read := codeFilesRead.Load()
	first := open().Index()
	if codeFilesRead.Load() == read {
		t.Fatal("the first build read no file")
	}
	if !reflect.DeepEqual(first.tables, fresh.tables) || first.Digest() != open().Digest() {
		t.Fatal("the index built with a cache differs from one built without")
	}
	read = codeFilesRead.Load()
	kept := open().Index()
	if codeFilesRead.Load() != read {
		t.Errorf("the kept index read %d files", codeFilesRead.Load()-read)
	}
	if !reflect.DeepEqual(kept.tables, first.tables) || kept.Digest() != first.Digest() || kept.Files != first.Files {
		t.Errorf("the kept index differs from the one built")
	}
	if d := open().Digest(); d != first.Digest() || codeFilesRead.Load() != read {
		t.Errorf("the kept digest: %x, %d files read", d, codeFilesRead.Load()-read)
	}

	// A query added to a file, and a file added: both seen.
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The files that did not change are taken from the cache: only the
	// edited one is read (and, changed in the last seconds, again until
	// it ages).
	write("app/queries.go", goQueries+"\nconst late = \"SELECT nickname_v2 FROM users\"\n")
	read = codeFilesRead.Load()
	if us := open().ColumnUses("", "users", "nickname_v2"); len(us) != 1 {
		t.Errorf("a query added to a file: %s", whats(us))
	}
	if n := codeFilesRead.Load() - read; n != 1 {
		t.Errorf("%d files read after one changed", n)
	}
	write("app/more.go", "package app\n\nconst more = \"SELECT added_col FROM users\"\n")
	read = codeFilesRead.Load()
	l := open()
	if us := l.ColumnUses("", "users", "added_col"); len(us) != 1 {
		t.Errorf("a file added: %s", whats(us))
	}
	if n := codeFilesRead.Load() - read; n != 2 {
		t.Errorf("%d files read after one was added beside one just changed", n)
	}
	if l.Digest() == first.Digest() {
		t.Error("the digest did not change with the code")
	}
	p, _ := project.Open(root, "", root)
	if got, want := canonical(l.Index()), canonical(Build(p, nil)); got != want {
		t.Errorf("the index from kept files differs from a build:\n%s\nwant\n%s", got, want)
	}
	if l.Digest() != Build(p, nil).Digest() {
		t.Error("the digest from kept files differs from a build's")
	}
}

// canonical writes an index's uses in order, whatever order its files
// were merged in.
func canonical(ix *Index) string {
	var lines []string
	line := func(kind, table, col string, u rules.CodeUse, extra string) {
		lines = append(lines, fmt.Sprintf("%s %s.%s %s:%d %s %s %s %s", kind, table, col, u.Path, u.Line, u.What, u.GoType, u.SQLType, extra))
	}
	for name, t := range ix.tables {
		for _, u := range t.uses {
			line("table", name, "", u.CodeUse, u.schema)
		}
		for c, us := range t.columns {
			for _, u := range us {
				line("column", name, c, u.CodeUse, u.schema)
			}
		}
		for _, in := range t.inserts {
			line("insert", name, "", in.CodeUse, fmt.Sprint(in.schema, in.Columns, in.Columns == nil, in.Positional))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// encode and decodeIndex give back the index, and a damaged encoding is
// refused.
func TestIndexEncoding(t *testing.T) {
	ix := build(t, map[string]string{"app/more.go": "package app\n\nconst add = `INSERT INTO sessions VALUES ($1, $2)`\n"})
	b := ix.encode()
	got, ok := decodeIndex(b)
	if !ok || !reflect.DeepEqual(got.tables, ix.tables) || got.Digest() != ix.Digest() || got.Files != ix.Files {
		t.Fatalf("round trip: %v", ok)
	}
	for _, n := range []int{0, 1, len(b) / 2, len(b) - 1} {
		if _, ok := decodeIndex(b[:n]); ok {
			t.Errorf("%d of %d bytes decoded", n, len(b))
		}
	}
}

// A damaged or foreign cache entry is refused, never a panic.
func FuzzDecodeKept(f *testing.F) {
	ix := newIndex()
	ix.addColumn("", "users", "email", rules.CodeUse{Path: "a.go", Line: 3, What: "query"})
	ix.addInsert("s", "orders", rules.CodeInsert{CodeUse: rules.CodeUse{Path: "b.go", Line: 1}, Columns: []string{"id"}})
	f.Add(ix.encode())
	kept := encodeKeptFiles([]string{"a.go", "b.go", "c.go"}, []keptFile{{id: "stat:1", part: ix.encode()}, {}, {id: "object 2"}})
	if got := decodeKeptFiles(kept); len(got) != 2 || got["a.go"].part == nil || got["c.go"].part != nil || got["c.go"].id != "object 2" {
		f.Fatalf("kept files round trip: %+v", got)
	}
	f.Add(kept)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, ok := decodeIndex(b); ok {
			if again, ok := decodeIndex(got.encode()); !ok || !reflect.DeepEqual(again.tables, got.tables) {
				t.Fatal("an index decoded does not encode back")
			}
		}
		decodeKeptFiles(b)
	})
}
