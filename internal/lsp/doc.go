// Package lsp is migguard's language server: `migguard lsp` speaks the
// Language Server Protocol over stdin and stdout, so that an editor shows
// migguard's findings while a migration is being written.
//
// What it answers:
//
//   - diagnostics of SQL migrations and Alembic revisions, on open and on
//     every change, linted from the editor's unsaved text with the files
//     before it in its set replayed (through the replay cache, so a file in
//     a set of a thousand is linted in a few tens of milliseconds once
//     warm); a file that is no migration of any set gets none;
//   - hover on a statement: the table locks it takes, what each blocks
//     (reads, writes), the tables involved and whether it rewrites or
//     scans a table, as the rules judge it against the replayed schema;
//   - code actions: the rewrites of `migguard fix` for a finding of a rule
//     it fixes, and a `migguard:ignore <rule-id> <reason>` comment with a
//     reason to fill in before the statement;
//   - the configuration: .migguard.yaml is read again when it changes (on
//     disk, or in the editor), and an invalid one is a diagnostic on that
//     file while its project's migrations get none.
//
// The server reads nothing of its own about a repository: sets come from
// internal/project, linting from internal/lint, findings and their
// positions from internal/rules, fixes from internal/fix. An open
// document stands in for its file through an overlay of the project's
// file system (fix.NewOverlay), so a set is linted exactly as `migguard
// lint` would lint it with the editor's text saved.
//
// JSON-RPC framing and dispatch come from go.lsp.dev/jsonrpc2; the few
// protocol structures the server uses are declared here (protocol.go).
package lsp
