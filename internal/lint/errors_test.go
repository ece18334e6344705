package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/treetest"
)

// A named file that its set cannot read is one error, not one from
// loading the set and another from reading the file on its own.
func TestPathJobsReportsAnUnreadableFileOnce(t *testing.T) {
	root := treetest.Temp(t, map[string]string{
		".git/HEAD":                    "ref: refs/heads/develop\n",
		"db/migrations/001_users.sql":  "-- +goose Up\nCREATE TABLE users (id int);\n",
		"db/migrations/002_binary.sql": "-- +goose Up\n\x00\x01binary",
	})
	for _, paths := range [][]string{
		{"db/migrations/002_binary.sql"},
		{"db/migrations/002_binary.sql", "db/migrations/001_users.sql"},
		{filepath.Join(root, "db/migrations/002_binary.sql")},
	} {
		_, errs := PathJobs(Paths{Dir: root, Paths: paths})
		var msgs []string
		for _, err := range errs {
			msgs = append(msgs, err.Error())
		}
		if len(errs) != 1 || !strings.Contains(msgs[0], "002_binary.sql: binary file") {
			t.Errorf("%v: errors %q, want one for 002_binary.sql", paths, msgs)
		}
	}
}
