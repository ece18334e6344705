package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/treetest"
)

// The rules that compare a migration with the application code see the
// code here too, with the editor's unsaved files: a DROP COLUMN of a
// column a Go model maps is an error naming the field; dropping a column
// no code uses is not.
func TestLspCodeUses(t *testing.T) {
	dir := testRepo(t)
	treetest.Write(t, dir, map[string]string{"app/user.go": "package app\n\ntype User struct {\n\tID       int64  `gorm:\"primaryKey\"`\n\tNickname string `gorm:\"column:nickname\"`\n}\n"})
	c, wait := startServer(t, Options{Cache: cache.Open(t.TempDir(), "lsp test"), Version: "test"})
	if r := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{}}); r.Error != nil {
		t.Fatalf("initialize: %+v", r)
	}
	c.notify("initialized", map[string]any{})
	uri := pathURI(filepath.Join(dir, "db", "migrations", "00003_email_index.sql"))
	open(c, uri, "sql", 1, "-- +goose Up\nSET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN nickname;\n")
	var found []string
	for _, d := range c.diagnostics(uri, 1) {
		if d.Code == "drop-still-used" {
			found = append(found, d.Message)
		}
	}
	if len(found) != 1 || !strings.Contains(found[0], "gorm model User field Nickname (app/user.go:5)") {
		t.Errorf("drop-still-used: %q", found)
	}
	c.notify("textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []contentChange{{Text: "-- +goose Up\nSET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN email;\n"}}})
	for _, d := range c.diagnostics(uri, 2) {
		if d.Code == "drop-still-used" {
			t.Errorf("a column no code uses: %s", d.Message)
		}
	}
	// An unsaved edit of the model counts: without the field, the drop
	// breaks nothing.
	open(c, pathURI(filepath.Join(dir, "app", "user.go")), "go", 1, "package app\n\ntype User struct {\n\tID int64 `gorm:\"primaryKey\"`\n}\n")
	c.notify("textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: uri, Version: 3},
		ContentChanges: []contentChange{{Text: "-- +goose Up\nSET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN nickname;\n"}}})
	for _, d := range c.diagnostics(uri, 3) {
		if d.Code == "drop-still-used" {
			t.Errorf("a column only the saved model maps: %s", d.Message)
		}
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	if log, err := wait(); err != nil || log != "" {
		t.Errorf("Serve: %v\n%s", err, log)
	}
}
