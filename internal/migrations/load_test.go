package migrations

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/migguard/migguard/internal/treetest"
)

func paths(files []*File) string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return strings.Join(out, " ")
}

const gooseFile = "-- +goose Up\nSELECT 1;\n"
const dbmateFile = "-- migrate:up\nSELECT 1;\n-- migrate:down\n"

func TestLoadDirOrderAndDetect(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		format Format // "" detects
		want   Format
		order  string
	}{
		{
			name: "golang-migrate numeric order, down files attached",
			files: map[string]string{
				"m/10_c.up.sql": "SELECT 10;", "m/10_c.down.sql": "SELECT -10;",
				"m/2_b.up.sql": "SELECT 2;", "m/2_b.down.sql": "SELECT -2;",
				"m/1_a.up.sql": "SELECT 1;", "m/README.md": "# docs", "m/notes.sql": "SELECT 0;",
			},
			want:  GolangMigrate,
			order: "m/1_a.up.sql m/2_b.up.sql m/10_c.up.sql",
		},
		{
			name: "goose numeric order, other files left out",
			files: map[string]string{
				"db/00010_c.sql": gooseFile, "db/9_b.sql": gooseFile, "db/00001_a.sql": gooseFile,
				"db/00002_x.go": "package db", "db/README.sql": "SELECT 0;",
			},
			want:  Goose,
			order: "db/00001_a.sql db/9_b.sql db/00010_c.sql",
		},
		{
			name: "dbmate name order",
			files: map[string]string{
				"db/migrations/20240102_b.sql": dbmateFile, "db/migrations/20240101_a.sql": dbmateFile,
				"db/migrations/3_c.sql": dbmateFile,
			},
			want:  Dbmate,
			order: "db/migrations/20240101_a.sql db/migrations/20240102_b.sql db/migrations/3_c.sql",
		},
		{
			name: "atlas name order",
			files: map[string]string{
				"atlas/atlas.sum": "h1:x\n", "atlas/20240102_b.sql": "SELECT 2;", "atlas/20240101_a.sql": "SELECT 1;",
				"atlas/9_c.sql": "SELECT 3;",
			},
			want:  Atlas,
			order: "atlas/20240101_a.sql atlas/20240102_b.sql atlas/9_c.sql",
		},
		{
			name: "flyway by version part by part, then repeatables by description, subdirectories too",
			files: map[string]string{
				"sql/V1_10__c.sql": "SELECT 3;", "sql/V1.2__b.sql": "SELECT 2;", "sql/V1__a.sql": "SELECT 1;",
				"sql/R__b_views.sql": "SELECT 5;", "sql/R__a_funcs.sql": "SELECT 4;", "sql/U1__a.sql": "SELECT -1;",
				"sql/more/V2__d.sql": "SELECT 6;", "sql/V3_x.sql": "SELECT 0;",
			},
			want:  Flyway,
			order: "sql/V1__a.sql sql/V1.2__b.sql sql/V1_10__c.sql sql/more/V2__d.sql sql/R__a_funcs.sql sql/R__b_views.sql",
		},
		{
			name: "plain natural order",
			files: map[string]string{
				"sql/10_c.sql": "SELECT 3;", "sql/2_b.sql": "SELECT 2;", "sql/1_a.sql": "SELECT 1;", "sql/zz.sql": "SELECT 4;",
				"sql/aa.sql": "SELECT 0;",
			},
			want:  Plain,
			order: "sql/1_a.sql sql/2_b.sql sql/10_c.sql sql/aa.sql sql/zz.sql",
		},
		{
			name:   "configured format wins over detection",
			files:  map[string]string{"x/2_b.sql": "SELECT 2;", "x/1_a.sql": gooseFile},
			format: Plain,
			want:   Plain,
			order:  "x/1_a.sql x/2_b.sql",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := treetest.Temp(t, tt.files)
			var dir string
			for p := range tt.files {
				dir = strings.SplitN(p, "/", 2)[0]
				if strings.HasPrefix(p, "db/migrations/") {
					dir = "db/migrations"
				}
				break
			}
			set, errs := LoadDir(Dir(root), dir, tt.format)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if set.Format != tt.want || set.Dir != dir {
				t.Errorf("set %s %s, want %s %s", set.Dir, set.Format, dir, tt.want)
			}
			if got := paths(set.Files); got != tt.order {
				t.Errorf("order:\n got %s\nwant %s", got, tt.order)
			}
			for _, f := range set.Files {
				checkParts(t, f)
				if len(f.Problems) > 0 {
					t.Errorf("%s: unexpected problems %v", f.Path, f.Problems)
				}
			}
		})
	}
}

func TestLoadDirDownFiles(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"m/1_a.up.sql": "CREATE TABLE a (id int);", "m/1_a.down.sql": "DROP TABLE a;",
		"m/2_b.up.sql": "CREATE TABLE b (id int);", "m/3_c.down.sql": "DROP TABLE c;",
	})
	set, errs := LoadDir(Dir(root), "m", "")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(set.Files) != 2 {
		t.Fatalf("files: %s", paths(set.Files))
	}
	a, b := set.Files[0], set.Files[1]
	if a.DownFile == nil || a.DownFile.Path != "m/1_a.down.sql" || a.DownFile.Down != "DROP TABLE a;" {
		t.Errorf("1_a down file = %+v", a.DownFile)
	}
	if b.DownFile != nil {
		t.Errorf("2_b has down file %s", b.DownFile.Path)
	}
	if a.Tx != TxImplicit {
		t.Errorf("golang-migrate tx = %v", a.Tx)
	}
}

// In plain SQL, x.down.sql undoes x.up.sql: it is x's down file, never
// run forward; one without its up file is reported as never run.
func TestLoadDirPlainDownFiles(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"m/V0001.Init.up.sql": "CREATE TABLE a (id int);", "m/V0001.Init.down.sql": "DROP TABLE a;",
		"m/V0002.More.up.sql": "CREATE TABLE b (id int);", "m/V0003.Gone.down.sql": "DROP TABLE c;",
		"m/V0004.plain.sql": "CREATE TABLE d (id int);",
	})
	set, errs := LoadDir(Dir(root), "m", Plain)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := paths(set.Files); got != "m/V0001.Init.up.sql m/V0002.More.up.sql m/V0004.plain.sql" {
		t.Fatalf("files: %s", got)
	}
	if d := set.Files[0].DownFile; d == nil || d.Path != "m/V0001.Init.down.sql" {
		t.Errorf("V0001 down file = %+v", d)
	}
	if d := set.Files[1].DownFile; d != nil {
		t.Errorf("V0002 has down file %s", d.Path)
	}
	if len(set.Others) != 1 || set.Others[0].Path != "m/V0003.Gone.down.sql" || set.Others[0].Kind != NotRun ||
		!strings.Contains(set.Others[0].Why, "no V0003.Gone.up.sql") {
		t.Errorf("others: %+v", set.Others)
	}
	// What the branch checks count as the set's migrations.
	ups, downs := OrderNames(Plain, "m", []string{"m/V0001.Init.down.sql", "m/V0001.Init.up.sql", "m/V0004.plain.sql"})
	if paths(ups) != "m/V0001.Init.up.sql m/V0004.plain.sql" || paths(downs) != "m/V0001.Init.down.sql" {
		t.Errorf("OrderNames: ups %s, downs %s", paths(ups), paths(downs))
	}
}

func TestLoadDirDuplicateVersions(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		later string
		want  string
	}{
		{"goose", map[string]string{"db/001_a.sql": gooseFile, "db/1_b.sql": gooseFile}, "db/1_b.sql", "version 1 is also used by 001_a.sql: goose"},
		{"golang-migrate", map[string]string{"db/5_a.up.sql": "SELECT 1;", "db/5_b.up.sql": "SELECT 2;"}, "db/5_b.up.sql", "version 5 is also used by 5_a.up.sql: golang-migrate"},
		{"flyway", map[string]string{"db/V1.0__a.sql": "SELECT 1;", "db/V1__b.sql": "SELECT 2;"}, "db/V1__b.sql", "version 1 is also used by V1.0__a.sql: flyway"},
		{"dbmate", map[string]string{"db/20240101_a.sql": dbmateFile, "db/20240101_b.sql": dbmateFile}, "db/20240101_b.sql", "version 20240101 is also used by 20240101_a.sql: dbmate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, errs := LoadDir(Dir(treetest.Temp(t, tt.files)), "db", "")
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			for _, f := range set.Files {
				if f.Path != tt.later {
					if len(f.Problems) > 0 {
						t.Errorf("%s: %v", f.Path, f.Problems)
					}
					continue
				}
				if len(f.Problems) != 1 || !strings.HasPrefix(f.Problems[0].Message, tt.want) {
					t.Errorf("%s: problems %v, want %q", f.Path, f.Problems, tt.want)
				}
			}
		})
	}
}

func TestLoadDirInputErrors(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"db/001_a.sql": gooseFile,
		"db/002_b.sql": "-- +goose Up\nSELECT '\xff';\n",
		"db/003_c.sql": "\x00\x01\x02",
		"db/004_d.sql": gooseFile,
	})
	set, errs := LoadDir(Dir(root), "db", Goose)
	if got := paths(set.Files); got != "db/001_a.sql db/004_d.sql" {
		t.Errorf("files = %s", got)
	}
	if len(errs) != 2 {
		t.Fatalf("errors = %v", errs)
	}
	var ie *InputError
	if !errors.As(errs[0], &ie) || ie.Path != "db/002_b.sql" || !strings.Contains(ie.Err, "invalid UTF-8") {
		t.Errorf("errs[0] = %v", errs[0])
	}
	if !errors.As(errs[1], &ie) || ie.Path != "db/003_c.sql" || ie.Err != "binary file" {
		t.Errorf("errs[1] = %v", errs[1])
	}

	set, errs = LoadDir(Dir(root), "nope", "")
	if set != nil || len(errs) != 1 {
		t.Errorf("missing dir: set %v, errs %v", set, errs)
	}
}

// A file over MaxFileSize is refused by its size, before it is read, and
// the rest of the set still loads; so is one that grows past the limit
// while read (an FS whose files have no size).
func TestLoadDirHugeFile(t *testing.T) {
	root := treetest.Temp(t, map[string]string{"db/001_a.sql": gooseFile, "db/003_c.sql": gooseFile})
	// Sparse: no disk space, and no memory unless it is read.
	f, err := os.Create(filepath.Join(root, "db", "002_dump.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(8 << 30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	set, errs := LoadDir(Dir(root), "db", Goose)
	runtime.ReadMemStats(&after)
	if got := paths(set.Files); got != "db/001_a.sql db/003_c.sql" {
		t.Errorf("files = %s", got)
	}
	var ie *InputError
	if len(errs) != 1 || !errors.As(errs[0], &ie) || ie.Path != "db/002_dump.sql" || ie.Err != "file is larger than 64 MiB" {
		t.Errorf("errs = %v", errs)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("loading allocated %d MiB: the huge file was read", grew>>20)
	}

	big := fstest.MapFS{"db/001_a.sql": {Data: []byte(gooseFile)}, "db/002_b.sql": {Data: make([]byte, MaxFileSize+10)}}
	_, errs = LoadDir(sizeless{big}, "db", Goose)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "db/002_b.sql: file is larger than 64 MiB") {
		t.Errorf("sizeless FS: errs = %v", errs)
	}
}

// sizeless hides the sizes of an FS's files, as a stream would.
type sizeless struct{ fs.FS }

func (s sizeless) Open(name string) (fs.File, error) {
	f, err := s.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return f, nil
	}
	return sizelessFile{f}, nil
}

type sizelessFile struct{ fs.File }

func (f sizelessFile) Stat() (fs.FileInfo, error) { return nil, errors.New("no size") }

func TestLoadDirFlywayScriptConfig(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		"sql/V1__a.sql":      "CREATE INDEX CONCURRENTLY i ON t (a);",
		"sql/V1__a.sql.conf": "executeInTransaction=false\n",
		"sql/V2__b.sql":      "SELECT 1;",
	})
	set, errs := LoadDir(Dir(root), "sql", "")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if f := set.Files[0]; f.Tx != TxNone || !strings.Contains(f.TxSource, "V1__a.sql.conf") {
		t.Errorf("V1: tx %v (%s)", f.Tx, f.TxSource)
	}
	if f := set.Files[1]; f.Tx != TxWrapped {
		t.Errorf("V2: tx %v", f.Tx)
	}
}
