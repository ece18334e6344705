package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/migguard/migguard/internal/cache"
)

// Options configure Serve.
type Options struct {
	// Cache keeps the replayed schemas and findings between lint runs (nil:
	// every run replays the files before the linted one).
	Cache *cache.Cache
	// Version is the version the server reports to the client.
	Version string
	// Log receives what goes wrong outside any request: a document that
	// cannot be linted, a broken stream. Nil discards it.
	Log io.Writer
}

// ErrNoShutdown is returned by Serve when the client sent exit, or closed
// the connection, without asking for shutdown first: the protocol has the
// server exit with code 1 then.
var ErrNoShutdown = errors.New("the client ended the session without a shutdown request")

// Serve answers the client that writes to in and reads from out until it
// sends exit or closes in. It returns nil after shutdown and exit,
// ErrNoShutdown when the client ended the session without shutdown, and
// the stream's error when in breaks the protocol's framing (a header
// without Content-Length, a body shorter than its length): past such a
// frame the next one cannot be found.
func Serve(ctx context.Context, in io.Reader, out io.Writer, o Options) error {
	if o.Log == nil {
		o.Log = io.Discard
	}
	s := newServer(o)
	conn := jsonrpc2.NewConn(newStream(stdio{Reader: in, Writer: out}), jsonrpc2.WithCodec(stdCodec{}))
	s.conn = conn
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	var wg sync.WaitGroup
	wg.Go(s.lintLoop)
	conn.Go(ctx, s.handle)
	select {
	case <-s.exited:
	case <-conn.Done():
	case <-ctx.Done():
	}
	s.stop()
	wg.Wait()
	// Close waits for the read loop, which a read of the client's input
	// may hold: a pipe the client keeps open after exit does not return
	// from a read when it is closed. The session is over all the same.
	closed := make(chan struct{})
	go func() {
		_ = conn.Close() // the session is over; a broken stream was reported
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(closeWait):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.exit:
		if !s.shutdown {
			return ErrNoShutdown
		}
		return nil
	case conn.Err() != nil:
		return fmt.Errorf("reading the client's messages: %w", conn.Err())
	case ctx.Err() != nil:
		return ctx.Err()
	case !s.shutdown:
		return ErrNoShutdown
	}
	return nil
}

// closeWait is how long Serve waits for the connection to close after
// the session ended.
const closeWait = 200 * time.Millisecond

// server is the state of one session.
type server struct {
	o    Options
	conn jsonrpc2.Conn
	ctx  context.Context
	ws   *workspace

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	exit        bool
	exited      chan struct{}
	enc         string
	watch       bool // the client registers file watchers on request
	docs        map[string]*document
	// pending are the documents to lint, in order; wake tells lintLoop.
	pending []string
	queued  map[string]bool
	wake    chan struct{}
	done    chan struct{}
	// published are the documents whose last diagnostics were not empty.
	published map[string]bool
}

// document is an open document.
type document struct {
	uri     string
	path    string // "" when the URI names no file
	version int
	text    string
}

func newServer(o Options) *server {
	return &server{o: o, ws: newWorkspace(o.Cache), exited: make(chan struct{}), enc: encUTF16,
		docs: map[string]*document{}, queued: map[string]bool{}, wake: make(chan struct{}, 1),
		done: make(chan struct{}), published: map[string]bool{}}
}

// stop ends lintLoop.
func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

func (s *server) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(s.o.Log, "migguard lsp: "+format+"\n", args...)
}

// Errors of the protocol.
var (
	errNotInitialized = jsonrpc2.NewError(-32002, "the server is not initialized: send initialize first")
	errShutDown       = jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shut down: only exit is accepted")
)

// handle dispatches one message. Requests get their answer from the
// return values; notifications' return values are dropped.
func (s *server) handle(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("internal error in %s: %v\n%s", req.Method(), r, debug.Stack())
			result, err = nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("migguard: internal error: %v", r))
		}
	}()
	method := req.Method()
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case method == "exit":
		s.mu.Lock()
		if !s.exit {
			s.exit = true
			close(s.exited)
		}
		s.mu.Unlock()
		return nil, nil
	case method == "initialize":
		if initialized {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "initialize was sent twice")
		}
		return s.initialize(json.RawMessage(req.Params()))
	case !initialized:
		if req.IsCall() {
			return nil, errNotInitialized
		}
		return nil, nil
	case shutdown:
		if req.IsCall() {
			return nil, errShutDown
		}
		return nil, nil
	}
	h, ok := handlers[method]
	if !ok {
		if req.IsCall() {
			return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "migguard lsp does not handle "+method)
		}
		return nil, nil // unknown notifications, $/ ones included, are dropped
	}
	return h(s, json.RawMessage(req.Params()))
}

// handlers are the methods of the protocol the server answers, but for
// initialize and exit.
var handlers = map[string]func(*server, json.RawMessage) (any, error){
	"initialized":                     (*server).onInitialized,
	"shutdown":                        (*server).onShutdown,
	"textDocument/didOpen":            (*server).didOpen,
	"textDocument/didChange":          (*server).didChange,
	"textDocument/didSave":            (*server).didSave,
	"textDocument/didClose":           (*server).didClose,
	"workspace/didChangeWatchedFiles": (*server).didChangeWatchedFiles,
	"textDocument/hover":              (*server).hover,
	"textDocument/codeAction":         (*server).codeAction,
}

// decode reads params into v; malformed params are an InvalidParams error.
func decode(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "params are missing")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, "invalid params: "+err.Error())
	}
	return nil
}

func (s *server) initialize(params json.RawMessage) (any, error) {
	var p initializeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	var caps clientCapabilities
	if len(p.Capabilities) > 0 {
		_ = json.Unmarshal(p.Capabilities, &caps) // capabilities it cannot read are none
	}
	s.mu.Lock()
	s.initialized = true
	s.enc = chooseEncoding(caps.General.PositionEncodings)
	s.watch = caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	enc := s.enc
	s.mu.Unlock()
	return initializeResult{
		Capabilities: serverCapabilities{
			PositionEncoding:   enc,
			TextDocumentSync:   textDocumentSync{OpenClose: true, Change: 2, Save: saveOptions{}},
			HoverProvider:      true,
			CodeActionProvider: codeActionProvider{CodeActionKinds: []string{kindQuickFix}},
		},
		ServerInfo: serverInfo{Name: "migguard", Version: s.o.Version},
	}, nil
}

// watchedGlobs are the files whose changes on disk can change findings:
// migrations, Alembic revisions and configuration, and the files that
// configure the migration tools.
var watchedGlobs = []string{"**/.migguard.yaml", "**/*.sql", "**/*.py", "**/alembic.ini", "**/pyproject.toml",
	"**/atlas.sum", "**/flyway.conf", "**/*.toml", "**/*.conf"}

func (s *server) onInitialized(json.RawMessage) (any, error) {
	s.mu.Lock()
	watch := s.watch
	s.mu.Unlock()
	if watch {
		// A call to the client is answered on the read loop, which this
		// handler holds: make it from another goroutine.
		go func() {
			var ws []fileSystemWatcher
			for _, g := range watchedGlobs {
				ws = append(ws, fileSystemWatcher{GlobPattern: g})
			}
			params := registrationParams{Registrations: []registration{{ID: "migguard-watch",
				Method: "workspace/didChangeWatchedFiles", RegisterOptions: watchedFilesOptions{Watchers: ws}}}}
			if _, err := s.conn.Call(s.ctx, "client/registerCapability", params, nil); err != nil && s.ctx.Err() == nil {
				s.logf("the client refused to watch files (%v): changes on disk are seen when a document is linted", err)
			}
		}()
	}
	return nil, nil
}

func (s *server) onShutdown(json.RawMessage) (any, error) {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	s.stop()
	return nil, nil
}

func (s *server) didOpen(params json.RawMessage) (any, error) {
	var p didOpenParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.ws.forget() // the file may be new, or in a set created since
	d := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: p.TextDocument.Text}
	if path, err := uriPath(d.uri); err == nil {
		d.path = path
	}
	s.mu.Lock()
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.schedule(d.uri)
	return nil, nil
}

func (s *server) didChange(params json.RawMessage) (any, error) {
	var p didChangeParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		s.mu.Unlock()
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, p.TextDocument.URI+" is not open")
	}
	text := d.text
	for _, c := range p.ContentChanges {
		text = applyChange(text, c, s.enc)
	}
	d.text, d.version = text, p.TextDocument.Version
	s.mu.Unlock()
	s.schedule(d.uri)
	return nil, nil
}

// didSave and didChangeWatchedFiles lint every open document again: a
// saved or changed file may be one that they replay, or the
// configuration.
func (s *server) didSave(params json.RawMessage) (any, error) {
	var p didSaveParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.ws.forget()
	s.scheduleAll()
	return nil, nil
}

func (s *server) didChangeWatchedFiles(params json.RawMessage) (any, error) {
	var p didChangeWatchedFilesParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.ws.forget()
	s.scheduleAll()
	return nil, nil
}

func (s *server) didClose(params json.RawMessage) (any, error) {
	var p didCloseParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	if d != nil {
		s.publish(d.uri, nil, []Diagnostic{}) // when it has some
	}
	s.mu.Lock()
	delete(s.published, p.TextDocument.URI)
	s.mu.Unlock()
	if d != nil && isConfigFile(d.path) {
		s.scheduleAll() // the file on disk is the configuration again
	}
	return nil, nil
}

// schedule queues a document for linting.
func (s *server) schedule(uris ...string) {
	s.mu.Lock()
	for _, u := range uris {
		if !s.queued[u] {
			s.queued[u] = true
			s.pending = append(s.pending, u)
		}
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// scheduleAll queues every open document.
func (s *server) scheduleAll() {
	s.mu.Lock()
	uris := make([]string, 0, len(s.docs))
	for u := range s.docs {
		uris = append(uris, u)
	}
	s.mu.Unlock()
	s.schedule(uris...)
}

// lintLoop lints the queued documents, one at a time, each as its text is
// when its turn comes: changes made while another is linted are merged.
func (s *server) lintLoop() {
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		for {
			s.mu.Lock()
			if len(s.pending) == 0 {
				s.mu.Unlock()
				break
			}
			uri := s.pending[0]
			s.pending = s.pending[1:]
			delete(s.queued, uri)
			d := s.docs[uri]
			var snap document
			if d != nil {
				snap = *d
			}
			s.mu.Unlock()
			if d == nil {
				continue
			}
			select {
			case <-s.done:
				return
			default:
			}
			s.lintAndPublish(&snap)
		}
	}
}

// lintAndPublish lints a document and publishes its diagnostics, and
// those of its project's configuration.
func (s *server) lintAndPublish(d *document) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("%s: internal error: %v\n%s", d.path, r, debug.Stack())
		}
	}()
	res := s.ws.lint(d, s.openTexts())
	s.mu.Lock()
	enc := s.enc
	_, open := s.docs[d.uri]
	s.mu.Unlock()
	if !open {
		return // closed while it was linted: its diagnostics are cleared
	}
	for _, c := range res.configs {
		s.publishConfig(c, enc)
	}
	version := d.version
	s.publish(d.uri, &version, s.diagnostics(d, res, enc))
}

// openTexts returns the text of every open document that names a file,
// by path.
func (s *server) openTexts() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.docs))
	for _, d := range s.docs {
		if d.path != "" {
			out[d.path] = d.text
		}
	}
	return out
}

// publish sends the diagnostics of a document.
func (s *server) publish(uri string, version *int, diags []Diagnostic) {
	if diags == nil {
		diags = []Diagnostic{}
	}
	s.mu.Lock()
	was := s.published[uri]
	s.published[uri] = len(diags) > 0
	s.mu.Unlock()
	if !was && len(diags) == 0 && version == nil {
		return
	}
	if err := s.conn.Notify(s.ctx, "textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Version: version, Diagnostics: diags}); err != nil && s.ctx.Err() == nil {
		s.logf("sending diagnostics: %v", err)
	}
}
