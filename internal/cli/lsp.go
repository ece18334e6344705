package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/migguard/migguard/internal/exitcode"
	"github.com/migguard/migguard/internal/lsp"
)

const lspUsage = `Usage: migguard lsp [flags]

Runs migguard's language server: it speaks the Language Server Protocol
over stdin and stdout, for an editor to start (see the README's "Editor
(language server)" for VS Code and Neovim).

It lints SQL migrations and Alembic revisions as they are typed, from the
editor's unsaved text, with the files before them in their set replayed;
shows on hover the locks a statement takes, what they block, the tables
involved and whether it rewrites one; offers the rewrites of 'migguard fix'
and a migguard:ignore comment as code actions. .migguard.yaml is read again
when it changes; an invalid one is a diagnostic on that file. A file that
is no migration gets no diagnostics.

The replay cache of 'migguard lint' is used (MIGGUARD_CACHE names another
directory; MIGGUARD_CACHE=off or -no-cache turns it off).

Exit codes: 0 after the client's shutdown and exit, 1 when the client
exits or closes the connection without shutdown (as the protocol asks),
2 when the client's messages break the protocol's framing, 3 internal
failure.

Flags:`

func runLsp(e *env, args []string) int {
	fs := flag.NewFlagSet("lsp", flag.ContinueOnError)
	noCache := fs.Bool("no-cache", false, "neither read nor write the cache of lint results (also: MIGGUARD_CACHE=off)")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), lspUsage); fs.PrintDefaults() }
	paths, code, ok := parseArgs(e, fs, args)
	if !ok {
		return code
	}
	if len(paths) > 0 {
		return errorf(e, "lsp takes no arguments: the editor names the files")
	}
	setGC(e.getenv, 150)
	c := openCache(e, *noCache)
	defer c.Close()
	err := lsp.Serve(context.Background(), e.stdin, e.stdout, lsp.Options{Cache: c, Version: version(), Log: e.stderr})
	switch {
	case err == nil:
		return exitcode.Clean
	case errors.Is(err, lsp.ErrNoShutdown):
		fmt.Fprintf(e.stderr, "migguard lsp: %v\n", err)
		return exitWithoutShutdown
	}
	fmt.Fprintf(e.stderr, "migguard lsp: %v\n", err)
	return exitcode.Usage
}

// exitWithoutShutdown is the exit code the Language Server Protocol asks
// for when the client exits without a shutdown request.
const exitWithoutShutdown = 1
