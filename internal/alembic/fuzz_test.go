package alembic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseRevision feeds arbitrary text to the static reader, the
// translator and the model reader: they must never panic, and a revision
// they return has an id.
func FuzzParseRevision(f *testing.F) {
	files, _ := filepath.Glob("testdata/shop/migrations/versions/*.py")
	for _, pattern := range []string{"testdata/corpus/*/*/*/versions/*.py", "testdata/corpus/*/*/*/*/*/*/versions/*.py", "testdata/corpus/*/*/*/*/*/*/*/versions/*.py"} {
		more, _ := filepath.Glob(pattern)
		files = append(files, more...)
	}
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(string(data))
		}
	}
	f.Add("revision = 'a'\ndown_revision = ('b',\n 'c')\n")
	f.Add("def upgrade():\n    with op.batch_alter_table('t') as b:\n        b.add_column(sa.Column('x', sa.Integer()))\n")
	f.Add("x = '''\n")
	f.Fuzz(func(t *testing.T, src string) {
		r, _ := ParseRevision("v/x.py", []byte(src))
		if r != nil && r.ID == "" {
			t.Fatal("revision without id")
		}
		if m, err := readModule(src); err == nil {
			for _, n := range translate(m, "upgrade", nil).notes {
				if strings.HasPrefix(n.msg, internalNote) {
					t.Fatal(n.msg)
				}
			}
		}
		ReadModels([]byte(src), nil)
		(&Project{}).SQLEffect([]byte(src))
	})
}
