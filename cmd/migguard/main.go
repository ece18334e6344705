// Command migguard keeps database migrations safe and linear.
//
// Usage:
//
//	migguard lint [flags] [paths...]   lint migration SQL (all sets in the repository by default; - reads stdin)
//	migguard sets [-key]               list the migration sets every command finds, or hash them
//	migguard rules                     list every rule id of every check, with its severity
//	migguard explain <rule-id>         print a rule's documentation (a squawk rule or eugene hint: the rules covering it)
//	migguard init                      write a commented .migguard.yaml
//	migguard apply [flags] [dir]       prove the new migrations on a scratch PostgreSQL holding data
//	migguard alembic heads|graph|sql   show the revision graph and SQL read from Alembic projects
//	migguard branch [flags]            check the branch's migrations against the base branch
//	migguard models [flags]            report model changes that come without a migration
//	migguard hooks install [-force]    write native git pre-commit and pre-push hooks
//	migguard lsp                       run the language server for editors (LSP over stdio)
//	migguard demo                      build a demo repository and lint it
//	migguard version                   print the version
//
// Flags go before or after a command's arguments. Run `migguard help
// <command>` (or `migguard <command> -h`) for a command's flags and
// `migguard help exit-codes` for the exit codes. `migguard apply` runs other
// people's SQL only as a role that owns nothing but its scratch database
// (see `migguard help apply`). The rules are documented in
// internal/rules/README.md and by `migguard explain`.
package main

import (
	"os"

	"github.com/migguard/migguard/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
