package lsp

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/treetest"
)

// testRepo is a repository with a goose set, an Alembic project and a
// .sql file that no set holds.
func testRepo(t *testing.T) string {
	dir := t.TempDir()
	treetest.Write(t, dir, map[string]string{
		".git/HEAD":      "ref: refs/heads/main\n",
		".migguard.yaml": "pg_version: \"16\"\n",
		"db/migrations/00001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n\n" +
			"-- +goose Down\nDROP TABLE users;\n",
		"db/migrations/00002_nickname.sql": "-- +goose Up\nSET lock_timeout = '2s';\nSET statement_timeout = '15min';\n" +
			"ALTER TABLE users ADD COLUMN nickname text;\n\n-- +goose Down\nALTER TABLE users DROP COLUMN nickname;\n",
		"db/migrations/00003_email_index.sql": "-- +goose Up\nSELECT 1;\n\n-- +goose Down\nSELECT 1;\n",
		"py/alembic.ini":                      "[alembic]\nscript_location = migrations\n",
		"py/migrations/versions/a1_accounts.py": `revision = "a1"
down_revision = None
from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table("accounts", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("email", sa.String(200), nullable=False))
`,
		"py/migrations/versions/b2_index.py": `revision = "b2"
down_revision = "a1"
from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_index("accounts_email", "accounts", ["email"])
`,
		"notes.sql": "SELECT 1;\nDROP TABLE users;\n",
	})
	return dir
}

func rng(l1, c1, l2, c2 int) Range {
	return Range{Start: Position{Line: l1, Character: c1}, End: Position{Line: l2, Character: c2}}
}

// brief is what a test compares of a diagnostic.
type brief struct {
	Code     string
	Severity int
	Range    Range
}

func briefs(ds []Diagnostic) []brief {
	out := []brief{}
	for _, d := range ds {
		out = append(out, brief{d.Code, d.Severity, d.Range})
	}
	return out
}

func open(c *client, uri, lang string, version int, text string) {
	c.notify("textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: uri, LanguageID: lang, Version: version, Text: text}})
}

// hoverText asks for the hover at a position and returns its Markdown.
func hoverText(t *testing.T, c *client, uri string, pos Position) string {
	t.Helper()
	r := c.call("textDocument/hover", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: uri}, Position: pos})
	if r.Error != nil {
		t.Fatalf("hover: %s", r.Error.Message)
	}
	var h Hover
	if err := json.Unmarshal(r.Result, &h); err != nil || h.Contents.Kind != "markdown" {
		t.Fatalf("hover %s: %v", r.Result, err)
	}
	return h.Contents.Value
}

// actions asks for the code actions of the diagnostics.
func actions(t *testing.T, c *client, uri string, ds ...Diagnostic) []CodeAction {
	t.Helper()
	var p codeActionParams
	p.TextDocument.URI = uri
	p.Range = ds[0].Range
	p.Context.Diagnostics = ds
	r := c.call("textDocument/codeAction", p)
	if r.Error != nil {
		t.Fatalf("codeAction: %s", r.Error.Message)
	}
	var out []CodeAction
	if err := json.Unmarshal(r.Result, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// applyEdits applies one document's edits (non-overlapping, as the
// protocol requires) to its text.
func applyEdits(text string, edits []TextEdit) string {
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = applyChange(text, contentChange{Range: &e.Range, Text: e.NewText}, encUTF16)
	}
	return text
}

func TestLspScriptedSession(t *testing.T) {
	dir := testRepo(t)
	c, wait := startServer(t, Options{Cache: cache.Open(t.TempDir(), "lsp test"), Version: "test"})
	uri := func(rel string) string { return pathURI(filepath.Join(dir, filepath.FromSlash(rel))) }
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	r := c.call("hover", map[string]any{})
	if r.Error == nil || r.Error.Code != -32002 {
		t.Errorf("a request before initialize: %+v, want error -32002", r)
	}
	r = c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{
		"general":   map[string]any{"positionEncodings": []string{"utf-16"}},
		"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}})
	var init initializeResult
	if r.Error != nil || json.Unmarshal(r.Result, &init) != nil {
		t.Fatalf("initialize: %+v", r)
	}
	if c := init.Capabilities; !c.HoverProvider || c.PositionEncoding != encUTF16 || c.TextDocumentSync.Change != 2 ||
		!reflect.DeepEqual(c.CodeActionProvider.CodeActionKinds, []string{"quickfix"}) {
		t.Errorf("capabilities: %+v", init.Capabilities)
	}
	c.notify("initialized", map[string]any{})
	select {
	case m := <-c.requests:
		if m != "client/registerCapability" {
			t.Errorf("the server asked %s, want client/registerCapability", m)
		}
	case <-time.After(10 * time.Second):
		t.Error("the server did not register its file watchers")
	}

	// A clean migration, and a file that is no migration: silence.
	sqlURI := uri("db/migrations/00003_email_index.sql")
	open(c, sqlURI, "sql", 1, read("db/migrations/00003_email_index.sql"))
	if ds := c.diagnostics(sqlURI, 1); len(ds) != 0 {
		t.Errorf("clean file: %+v", ds)
	}
	open(c, uri("notes.sql"), "sql", 1, read("notes.sql"))
	if ds := c.diagnostics(uri("notes.sql"), 1); len(ds) != 0 {
		t.Errorf("a file that is no migration: %+v", ds)
	}

	// An unsaved change is linted against the files before it.
	c.notify("textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: sqlURI, Version: 2},
		ContentChanges: []contentChange{{Range: &Range{Start: Position{1, 0}, End: Position{1, 9}}, Text: "CREATE INDEX users_email ON users (email);"}}})
	ds := c.diagnostics(sqlURI, 2)
	want := []brief{
		{"create-index-non-concurrently", severityError, rng(1, 28, 1, 41)},
		{"require-lock-timeout", severityWarning, rng(1, 28, 1, 41)},
		{"require-statement-timeout", severityWarning, rng(1, 28, 1, 41)},
	}
	if got := briefs(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("diagnostics after the change:\n got %+v\nwant %+v", got, want)
	}
	if !strings.HasPrefix(ds[0].Message, `creating index "users_email" on "users" without CONCURRENTLY blocks writes`) ||
		ds[0].Source != "migguard" || ds[0].CodeDescription == nil || !strings.HasSuffix(ds[0].CodeDescription.Href, "#create-index-non-concurrently") {
		t.Errorf("diagnostic: %+v", ds[0])
	}
	edited := "-- +goose Up\nCREATE INDEX users_email ON users (email);\n\n-- +goose Down\nSELECT 1;\n"

	// Hover: the lock, what it blocks, the work, the tables.
	wantHover := "**Locks**\n\n- SHARE on `users`: blocks writes (INSERT, UPDATE, DELETE), not reads\n\n" +
		"**Work**\n\n- rewrites no table\n- reads every row of `users`: builds index \"users_email\", holding its lock all along\n\n" +
		"**Tables**: `users`\n\n**Findings**\n\n" +
		"- [`create-index-non-concurrently`](" + rules.DocsBase + "create-index-non-concurrently) (error): creating index \"users_email\" on \"users\" without CONCURRENTLY blocks writes to the table while it builds\n" +
		"- [`require-lock-timeout`](" + rules.DocsBase + "require-lock-timeout) (warning): CREATE INDEX \"users_email\" waits for SHARE on \"users\" with no lock_timeout: while it waits, every write to \"users\" queues behind it\n" +
		"- [`require-statement-timeout`](" + rules.DocsBase + "require-statement-timeout) (warning): CREATE INDEX on \"users\" builds index \"users_email\" with no statement_timeout: writes to \"users\" wait until it finishes, however long that takes\n"
	if got := hoverText(t, c, sqlURI, Position{1, 3}); got != wantHover {
		t.Errorf("hover on CREATE INDEX:\n%s\nwant\n%s", got, wantHover)
	}
	nick := uri("db/migrations/00002_nickname.sql")
	open(c, nick, "sql", 1, read("db/migrations/00002_nickname.sql"))
	if ds := c.diagnostics(nick, 1); len(ds) != 0 {
		t.Errorf("clean file: %+v", ds)
	}
	wantHover = "**Locks**\n\n- ACCESS EXCLUSIVE on `users`: blocks reads and writes\n\n" +
		"**Work**\n\n- rewrites no table\n- changes the catalog only: no scan, no rewrite, no index build\n\n**Tables**: `users`\n"
	if got := hoverText(t, c, nick, Position{3, 20}); got != wantHover {
		t.Errorf("hover on ADD COLUMN:\n%s\nwant\n%s", got, wantHover)
	}
	if r := c.call("textDocument/hover", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: nick}, Position: Position{5, 3}}); r.Error != nil || string(r.Result) != "null" {
		t.Errorf("hover outside the up part: %+v", r)
	}

	// Code actions: the fix, and the ignore comment.
	acts := actions(t, c, sqlURI, ds[0])
	if len(acts) != 2 {
		t.Fatalf("code actions: %+v", acts)
	}
	fixEdit := []TextEdit{{Range: rng(1, 0, 2, 0), NewText: "-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);\n"}}
	if a := acts[0]; a.Title != "Fix create-index-non-concurrently: CREATE INDEX CONCURRENTLY IF NOT EXISTS, outside a transaction" ||
		a.Kind != "quickfix" || !a.IsPreferred || !reflect.DeepEqual(a.Edit.Changes[sqlURI], fixEdit) {
		t.Errorf("fix action: %+v", a)
	}
	ignoreEdit := []TextEdit{{Range: rng(1, 0, 1, 0), NewText: "-- migguard:ignore create-index-non-concurrently TODO: say why this is safe\n"}}
	if a := acts[1]; a.Title != "Ignore create-index-non-concurrently here (migguard:ignore with a reason)" ||
		!reflect.DeepEqual(a.Edit.Changes[sqlURI], ignoreEdit) {
		t.Errorf("ignore action: %+v", a)
	}
	// Applied, the fix leaves the file clean.
	fixed := applyEdits(edited, acts[0].Edit.Changes[sqlURI])
	c.notify("textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: sqlURI, Version: 3},
		ContentChanges: []contentChange{{Text: fixed}}})
	if ds := c.diagnostics(sqlURI, 3); len(ds) != 0 {
		t.Errorf("after the fix: %+v", ds)
	}
	c.notify("textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: sqlURI, Version: 4},
		ContentChanges: []contentChange{{Text: edited}}})
	if got := briefs(c.diagnostics(sqlURI, 4)); !reflect.DeepEqual(got, want) {
		t.Errorf("after undoing the fix: %+v", got)
	}

	// An Alembic revision: findings on the op.* call, hover, ignore with #.
	pyURI := uri("py/migrations/versions/b2_index.py")
	pyText := read("py/migrations/versions/b2_index.py")
	open(c, pyURI, "python", 1, pyText)
	pds := c.diagnostics(pyURI, 1)
	wantPy := []brief{
		{"create-index-non-concurrently", severityError, rng(7, 4, 7, 60)},
		{"require-lock-timeout", severityWarning, rng(7, 4, 7, 60)},
		{"require-statement-timeout", severityWarning, rng(7, 4, 7, 60)},
	}
	if got := briefs(pds); !reflect.DeepEqual(got, wantPy) {
		t.Fatalf("Alembic diagnostics:\n got %+v\nwant %+v", got, wantPy)
	}
	if got := hoverText(t, c, pyURI, Position{7, 10}); !strings.HasPrefix(got, "**Locks**\n\n- SHARE on `accounts`: blocks writes (INSERT, UPDATE, DELETE), not reads\n\n"+
		"**Work**\n\n- rewrites no table\n- reads every row of `accounts`: builds index \"accounts_email\", holding its lock all along\n\n**Tables**: `accounts`\n") {
		t.Errorf("Alembic hover:\n%s", got)
	}
	acts = actions(t, c, pyURI, pds[1])
	if len(acts) != 2 {
		t.Fatalf("Alembic code actions: %+v", acts)
	}
	if a := acts[0]; !strings.HasPrefix(a.Title, "Fix require-lock-timeout: ") ||
		!strings.Contains(applyEdits(pyText, a.Edit.Changes[pyURI]), "op.execute(\"SET lock_timeout = '2s'\")") {
		t.Errorf("Alembic fix action: %+v", a)
	}
	ignoreEdit = []TextEdit{{Range: rng(7, 0, 7, 0), NewText: "    # migguard:ignore require-lock-timeout TODO: say why this is safe\n"}}
	if a := acts[1]; !reflect.DeepEqual(a.Edit.Changes[pyURI], ignoreEdit) {
		t.Errorf("Alembic ignore action: %+v", a.Edit)
	}

	// The configuration made invalid on disk: a diagnostic on it, and no
	// findings for its project's migrations; made valid, findings again.
	cfg := filepath.Join(dir, ".migguard.yaml")
	cfgURI := pathURI(cfg)
	treetest.Write(t, dir, map[string]string{".migguard.yaml": "pg_version: \"16\"\nrules:\n  no-such-rule: error\n"})
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: cfgURI, Type: 2}}})
	cds := c.diagnostics(cfgURI, 0)
	if len(cds) != 1 || cds[0].Range != rng(2, 0, 3, 0) || cds[0].Severity != severityError ||
		!strings.HasPrefix(cds[0].Message, "invalid configuration: rules.no-such-rule: ") {
		t.Errorf("invalid configuration: %+v", cds)
	}
	if ds := c.diagnostics(sqlURI, 4); len(ds) != 0 {
		t.Errorf("a migration of a project whose configuration is invalid: %+v", ds)
	}
	treetest.Write(t, dir, map[string]string{".migguard.yaml": "pg_version: \"16\"\nrules:\n  create-index-non-concurrently: warning\n"})
	c.notify("textDocument/didSave", didSaveParams{TextDocument: textDocumentIdentifier{URI: cfgURI}})
	// Each document linted publishes the configuration's diagnostics: those
	// of the invalid file may still come.
	c.diagnosticsWhere(cfgURI, 0, func(ds []Diagnostic) bool { return len(ds) == 0 })
	want[0].Severity = severityWarning
	if got := briefs(c.diagnostics(sqlURI, 4)); !reflect.DeepEqual(got, want) {
		t.Errorf("after the configuration changed the severity: %+v", got)
	}
	// A stats file that cannot be read is the configuration's error, on
	// its stats: line; mended on disk, findings come back.
	treetest.Write(t, dir, map[string]string{"prod-stats.json": `{"version": 1, "tables": [`,
		".migguard.yaml": "pg_version: \"16\"\nrules:\n  create-index-non-concurrently: warning\nstats: prod-stats.json\n"})
	c.notify("textDocument/didSave", didSaveParams{TextDocument: textDocumentIdentifier{URI: cfgURI}})
	cds = c.diagnosticsWhere(cfgURI, 0, func(ds []Diagnostic) bool { return len(ds) == 1 })
	if len(cds) != 1 || cds[0].Range != rng(3, 0, 4, 0) || !strings.HasPrefix(cds[0].Message, "invalid configuration: stats: ") ||
		!strings.Contains(cds[0].Message, "prod-stats.json") {
		t.Errorf("unreadable stats file: %+v", cds)
	}
	if ds := c.diagnostics(sqlURI, 4); len(ds) != 0 {
		t.Errorf("a migration of a project whose stats file is unreadable: %+v", ds)
	}
	treetest.Write(t, dir, map[string]string{"prod-stats.json": `{"version": 1, "tables": []}`})
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: pathURI(filepath.Join(dir, "prod-stats.json")), Type: 2}}})
	// Documents still being linted after the save above may read the
	// mended file first: its diagnostics may be cleared already.
	c.settled(cfgURI, func(ds []Diagnostic) bool { return len(ds) == 0 })
	if got := briefs(c.diagnostics(sqlURI, 4)); !reflect.DeepEqual(got, want) {
		t.Errorf("after the stats file was mended: %+v", got)
	}

	// An open configuration is checked as it is typed.
	open(c, cfgURI, "yaml", 1, "pg_version: [16]\n")
	if ds := c.diagnostics(cfgURI, 1); len(ds) != 1 || ds[0].Range != rng(0, 0, 1, 0) {
		t.Errorf("unsaved invalid configuration: %+v", ds)
	}

	// A closed document's diagnostics are cleared.
	c.notify("textDocument/didClose", didCloseParams{TextDocument: textDocumentIdentifier{URI: sqlURI}})
	if ds := c.diagnosticsWhere(sqlURI, 0, func(ds []Diagnostic) bool { return len(ds) == 0 }); len(ds) != 0 {
		t.Errorf("closed: %+v", ds)
	}

	// Protocol errors are answered, and the session goes on.
	if r := c.call("textDocument/definition", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: sqlURI}}); r.Error == nil || r.Error.Code != int(jsonrpc2.MethodNotFound) {
		t.Errorf("unknown method: %+v", r)
	}
	if r := c.raw(`{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":{"textDocument":`, -1); r.Error == nil || r.Error.Code != int(jsonrpc2.ParseError) || string(r.ID) != "null" {
		t.Errorf("malformed JSON: %+v", r)
	}
	if r := c.raw(`{"jsonrpc":"2.0","id":78,"params":{}}`, 78); r.Error == nil || r.Error.Code != int(jsonrpc2.InvalidRequest) {
		t.Errorf("a request without a method: %+v", r)
	}
	if r := c.call("textDocument/hover", []int{1}); r.Error == nil || r.Error.Code != int(jsonrpc2.InvalidParams) {
		t.Errorf("invalid params: %+v", r)
	}
	c.notify("$/cancelRequest", map[string]any{"id": 1})

	if r := c.call("shutdown", nil); r.Error != nil || string(r.Result) != "null" {
		t.Errorf("shutdown: %+v", r)
	}
	if r := c.call("textDocument/hover", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: sqlURI}}); r.Error == nil || r.Error.Code != int(jsonrpc2.InvalidRequest) {
		t.Errorf("a request after shutdown: %+v", r)
	}
	c.notify("exit", nil)
	if log, err := wait(); err != nil || log != "" {
		t.Errorf("Serve: %v\n%s", err, log)
	}
}

// A configuration that names a stats file that does not exist yet is the
// configuration's error; once the file is written, the project is opened
// again and the error goes. (The project failed to open then, and its
// stats file was not watched.)
func TestLspStatsFileCreatedLater(t *testing.T) {
	dir := testRepo(t)
	treetest.Write(t, dir, map[string]string{".migguard.yaml": "pg_version: \"16\"\nstats: prod-stats.json\n"})
	c, _ := startServer(t, Options{Cache: cache.Open(t.TempDir(), "lsp test"), Version: "test"})
	r := c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{}})
	if r.Error != nil {
		t.Fatalf("initialize: %+v", r)
	}
	c.notify("initialized", map[string]any{})
	cfgURI := pathURI(filepath.Join(dir, ".migguard.yaml"))
	rel := "db/migrations/00003_email_index.sql"
	text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	open(c, pathURI(filepath.Join(dir, filepath.FromSlash(rel))), "sql", 1, string(text))
	cds := c.diagnostics(cfgURI, 0)
	if len(cds) != 1 || !strings.Contains(cds[0].Message, "prod-stats.json") {
		t.Fatalf("a missing stats file: %+v", cds)
	}
	treetest.Write(t, dir, map[string]string{"prod-stats.json": `{"version": 1, "tables": []}`})
	c.notify("workspace/didChangeWatchedFiles", didChangeWatchedFilesParams{Changes: []fileEvent{{URI: pathURI(filepath.Join(dir, "prod-stats.json")), Type: 1}}})
	c.settled(cfgURI, func(ds []Diagnostic) bool { return len(ds) == 0 })
}

func TestLspExitWithoutShutdown(t *testing.T) {
	c, wait := startServer(t, Options{})
	c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}})
	c.notify("exit", nil)
	if _, err := wait(); !errors.Is(err, ErrNoShutdown) {
		t.Errorf("Serve: %v, want ErrNoShutdown", err)
	}
}

func TestLspBrokenFraming(t *testing.T) {
	c, wait := startServer(t, Options{})
	c.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`) // a good frame first
	c.wmu.Lock()
	c.w.Write([]byte("Content-Length: many\r\n\r\n{}"))
	c.wmu.Unlock()
	_, err := wait()
	if err == nil || !errors.Is(err, jsonrpc2.ErrInvalidHeader) || !strings.HasPrefix(err.Error(), "reading the client's messages: ") {
		t.Errorf("Serve: %v, want the framing error", err)
	}
}
