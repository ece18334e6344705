package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// client is a scripted Language Server Protocol client: it writes framed
// JSON-RPC messages to the server and reads what the server sends,
// answering the server's own requests with null.
type client struct {
	t      testing.TB
	w      io.Writer
	mu     sync.Mutex
	nextID int
	calls  map[int]chan response
	notes  chan notification
	wmu    sync.Mutex
	// requests are the methods the server called on the client.
	requests chan string
	// last holds the diagnostics last read for each URI, those skipped
	// while waiting for another's included (see settled).
	last map[string][]Diagnostic
}

type response struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type notification struct {
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

// message is any message the server sends.
type message struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
}

// startServer runs Serve over pipes and returns the client, and a
// function that waits for Serve to end and returns what it logged and its
// error.
func startServer(t testing.TB, o Options) (*client, func() (string, error)) {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var log strings.Builder
	var logMu sync.Mutex
	o.Log = writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return log.Write(p)
	})
	done := make(chan error, 1)
	go func() {
		err := Serve(context.Background(), inR, outW, o)
		outW.Close()
		inR.Close()
		done <- err
	}()
	c := &client{t: t, w: inW, calls: map[int]chan response{}, notes: make(chan notification, 100), requests: make(chan string, 10)}
	go c.read(outR)
	wait := func() (string, error) {
		inW.Close()
		select {
		case err := <-done:
			logMu.Lock()
			defer logMu.Unlock()
			return log.String(), err
		case <-time.After(10 * time.Second):
			t.Fatal("the server did not end")
			return "", nil
		}
	}
	return c, wait
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// read reads the server's messages until its output closes.
func (c *client) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		length := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				close(c.notes)
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			close(c.notes)
			return
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("the server sent invalid JSON: %s", body)
			continue
		}
		switch {
		case m.Method != "" && len(m.ID) > 0: // a request of the server
			c.requests <- m.Method
			c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%s,"result":null}`, m.ID))
		case m.Method != "":
			c.notes <- notification{Method: m.Method, Params: m.Params}
		default:
			var resp response
			_ = json.Unmarshal(body, &resp)
			id, _ := strconv.Atoi(string(m.ID))
			c.mu.Lock()
			ch := c.calls[id]
			delete(c.calls, id)
			if string(m.ID) == "null" {
				ch = c.calls[-1]
				delete(c.calls, -1)
			}
			c.mu.Unlock()
			if ch != nil {
				ch <- resp
			}
		}
	}
}

// send writes one framed message.
func (c *client) send(body string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// call sends a request and waits for its response.
func (c *client) call(method string, params any) response {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan response, 1)
	c.calls[id] = ch
	c.mu.Unlock()
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, mustJSON(c.t, params)))
	return c.await(ch, method)
}

// raw sends a body as it is and waits for the response with the null id
// (parse errors) or with id.
func (c *client) raw(body string, id int) response {
	c.t.Helper()
	ch := make(chan response, 1)
	c.mu.Lock()
	c.calls[id] = ch
	c.mu.Unlock()
	c.send(body)
	return c.await(ch, body)
}

func (c *client) await(ch chan response, what string) response {
	c.t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(20 * time.Second):
		c.t.Fatalf("no response to %s", what)
		return response{}
	}
}

// notify sends a notification.
func (c *client) notify(method string, params any) {
	c.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":%q,"params":%s}`, method, mustJSON(c.t, params)))
}

// diagnostics waits for the diagnostics of uri (of the version given,
// unless it is 0) and returns them.
func (c *client) diagnostics(uri string, version int) []Diagnostic {
	c.t.Helper()
	return c.diagnosticsWhere(uri, version, func([]Diagnostic) bool { return true })
}

// diagnosticsWhere is diagnostics that skips those that accept refuses: the
// configuration's diagnostics are published with every document linted.
func (c *client) diagnosticsWhere(uri string, version int, accept func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case n, ok := <-c.notes:
			if !ok {
				c.t.Fatalf("the server closed its output waiting for diagnostics of %s", uri)
			}
			if n.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p publishDiagnosticsParams
			if err := json.Unmarshal(n.Params, &p); err != nil {
				c.t.Fatal(err)
			}
			if c.last == nil {
				c.last = map[string][]Diagnostic{}
			}
			c.last[p.URI] = p.Diagnostics
			if p.URI != uri || version != 0 && (p.Version == nil || *p.Version != version) || !accept(p.Diagnostics) {
				continue
			}
			return p.Diagnostics
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d", uri, version)
			return nil
		}
	}
}

// settled returns the diagnostics of uri, which has no version (the
// configuration's), once they are as accept wants: at once when the last
// ones read already are. The server publishes a file's diagnostics only
// when they change, so those that a change brings may have been read
// while the test waited for another file's.
func (c *client) settled(uri string, accept func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	if ds, ok := c.last[uri]; ok && accept(ds) {
		return ds
	}
	return c.diagnosticsWhere(uri, 0, accept)
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
