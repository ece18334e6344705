// Package exitcode names migguard's exit codes. They are a contract with
// scripts, hooks and CI: a value never changes meaning.
package exitcode

// Exit codes.
const (
	// Clean: nothing at error severity was found.
	Clean = 0
	// Findings: at least one finding at error severity.
	Findings = 1
	// Usage: bad flags or arguments, an invalid configuration file, or input
	// that cannot be read (a missing path, a binary file).
	Usage = 2
	// Internal: migguard itself failed (a bug, or the environment broke).
	Internal = 3
)

// Doc is the text of `migguard help exit-codes`.
const Doc = `Exit codes:
  0  clean: no finding at error severity
  1  findings: at least one finding at error severity
  2  usage, configuration or input error (bad flag, invalid .migguard.yaml,
     missing path, binary or unreadable migration file)
  3  internal failure (a bug in migguard, or the environment failed)
When several apply, the highest wins.
`
