package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/cache"
)

// BenchmarkDidChange times what an editor waits for after a keystroke in
// a migration: from didChange to the document's publishDiagnostics, with
// the replay cache warm. MIGGUARD_BENCH_LSP names the repository (a
// relative path is relative to the module's root) and
// MIGGUARD_BENCH_LSP_FILE the migration edited, relative to it; .ci/bench-lsp
// generates a repository of 1,000 migrations and runs it. Every change
// gives the file a text it had not had, so no run finds its findings in
// the cache, and a table of its own, so that the schema after it is new
// too; the schema before the file is in the cache.
func BenchmarkDidChange(b *testing.B) {
	dir, rel := os.Getenv("MIGGUARD_BENCH_LSP"), os.Getenv("MIGGUARD_BENCH_LSP_FILE")
	if dir == "" || rel == "" {
		b.Skip("set MIGGUARD_BENCH_LSP to a repository and MIGGUARD_BENCH_LSP_FILE to a migration in it")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	dir, _ = filepath.Abs(dir)
	path := filepath.Join(dir, filepath.FromSlash(rel))
	text, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	c, wait := startServer(b, Options{Cache: cache.Open(b.TempDir(), "lsp bench")})
	defer wait()
	c.call("initialize", map[string]any{"processId": nil, "rootUri": pathURI(dir), "capabilities": map[string]any{}})
	c.notify("initialized", map[string]any{})
	uri := pathURI(path)
	open(c, uri, "sql", 1, string(text))
	c.diagnostics(uri, 1)
	version := 1
	change := func() time.Duration {
		version++
		start := time.Now()
		c.notify("textDocument/didChange", didChangeParams{TextDocument: versionedTextDocumentIdentifier{URI: uri, Version: version},
			ContentChanges: []contentChange{{Text: fmt.Sprintf("%s\nCREATE TABLE lsp_bench_%d (id bigint);\n", text, version)}}})
		c.diagnostics(uri, version)
		return time.Since(start)
	}
	for range 5 { // the schema before the file is kept on the first run
		change()
	}
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		took = append(took, change())
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(took[len(took)*9/10])/1e6, "p90-ms")
	c.call("shutdown", nil)
	c.notify("exit", nil)
}
