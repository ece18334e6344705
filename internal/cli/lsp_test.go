package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/exitcode"
)

// TestLspBinary runs the real `migguard lsp` through stdio: a migration
// opened in the editor gets its diagnostics, and shutdown then exit end
// the server with exit code 0.
func TestLspBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "migguard")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/migguard").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := repo(t, map[string]string{
		"db/migrations/00001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"db/migrations/00002_index.sql": "-- +goose Up\nSELECT 1;\n",
	})
	cmd := exec.Command(bin, "lsp")
	cmd.Dir = root
	cmd.Env = append(cmd.Environ(), "MIGGUARD_CACHE="+t.TempDir())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	msgs := make(chan map[string]json.RawMessage, 10)
	go readFrames(stdout, msgs)
	send := func(body string) { fmt.Fprintf(stdin, "Content-Length: %d\r\n\r\n%s", len(body), body) }
	next := func(what string, match func(map[string]json.RawMessage) bool) map[string]json.RawMessage {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case m, ok := <-msgs:
				if !ok {
					t.Fatalf("stdout closed waiting for %s; stderr: %s", what, stderr.String())
				}
				if match(m) {
					return m
				}
			case <-timeout:
				t.Fatalf("no %s; stderr: %s", what, stderr.String())
			}
		}
	}
	isID := func(id string) func(map[string]json.RawMessage) bool {
		return func(m map[string]json.RawMessage) bool { return string(m["id"]) == id }
	}

	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}`)
	if m := next("the initialize response", isID("1")); !strings.Contains(string(m["result"]), `"hoverProvider":true`) {
		t.Errorf("initialize: %s", m["result"])
	}
	send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	file := filepath.Join(root, "db", "migrations", "00002_index.sql")
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
	send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":%q,"languageId":"sql","version":7,"text":%q}}}`,
		uri, "-- +goose Up\nCREATE INDEX users_email ON users (email);\n"))
	m := next("diagnostics", func(m map[string]json.RawMessage) bool {
		return string(m["method"]) == `"textDocument/publishDiagnostics"`
	})
	var p struct {
		URI         string `json:"uri"`
		Version     int    `json:"version"`
		Diagnostics []struct {
			Code  string `json:"code"`
			Range struct {
				Start struct{ Line, Character int } `json:"start"`
			} `json:"range"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(m["params"], &p); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, d := range p.Diagnostics {
		codes = append(codes, fmt.Sprintf("%s@%d:%d", d.Code, d.Range.Start.Line, d.Range.Start.Character))
	}
	if p.URI != uri || p.Version != 7 || strings.Join(codes, " ") != "create-index-non-concurrently@1:28 require-lock-timeout@1:28 require-statement-timeout@1:28" {
		t.Errorf("diagnostics of %s version %d: %v", p.URI, p.Version, codes)
	}
	send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
	if m := next("the shutdown response", isID("2")); string(m["result"]) != "null" {
		t.Errorf("shutdown: %s", m["result"])
	}
	send(`{"jsonrpc":"2.0","method":"exit"}`)
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); err != nil || code != exitcode.Clean {
		t.Errorf("exit: %v (code %d); stderr: %s", err, code, stderr.String())
	}
}

// readFrames reads the messages of a Language Server Protocol stream.
func readFrames(r io.Reader, out chan<- map[string]json.RawMessage) {
	defer close(out)
	br := bufio.NewReader(r)
	for {
		n := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			if line = strings.TrimSpace(line); line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, max(n, 0))
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			out <- m
		}
	}
}

// A broken frame ends the server with a message and exit code 2; exit
// without shutdown is exit code 1, as the protocol asks.
func TestLspExitCodes(t *testing.T) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	t.Chdir(repo(t, nil))
	code, _, errOut := run(t, "", "Content-Length: x\r\n\r\n{}", "lsp", "-no-cache")
	if code != exitcode.Usage || !strings.Contains(errOut, "migguard lsp: reading the client's messages: ") {
		t.Errorf("broken frame: exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := run(t, "", frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)+
		frame(`{"jsonrpc":"2.0","method":"exit"}`), "lsp", "-no-cache")
	if code != 1 || !strings.Contains(out, `"id":1`) || !strings.Contains(errOut, "without a shutdown request") {
		t.Errorf("exit without shutdown: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "", "lsp", "extra"); code != exitcode.Usage || !strings.Contains(errOut, "takes no arguments") {
		t.Errorf("an argument: exit %d, stderr %q", code, errOut)
	}
	if code, out, _ := run(t, "", "", "help", "lsp"); code != exitcode.Clean || !strings.HasPrefix(out, "Usage: migguard lsp") {
		t.Errorf("help lsp: exit %d, %q", code, out)
	}
}
