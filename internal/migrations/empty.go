package migrations

import (
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// EmptyExplained reports whether a file whose up part holds no statement
// is a deliberate no-op: EmptyOK says why, or a comment outside its down
// part (before the tool's up marker too) says it does nothing on purpose ("-- this migration is a no-op because
// …", "intentionally left empty", "nothing to do on PostgreSQL"). Such a
// file is kept so that the tool's version history stays as applied;
// deleting it would renumber or break what was applied. Any other comment
// ("-- TODO", "-- add the index") does not explain an empty migration.
func EmptyExplained(f *File) bool {
	if f.EmptyOK != "" {
		return true
	}
	off := 0
	for line := range strings.Lines(f.Src) {
		start := off
		off += len(line)
		if len(f.Down) == len(f.Src) && strings.TrimSpace(f.Down[start:off]) != "" {
			continue // the down part's
		}
		if _, comment, ok := strings.Cut(line, "--"); ok && noOpRx.MatchString(comment) {
			return true
		}
	}
	return false
}

// noOpRx matches the words that say a migration does nothing on purpose.
var noOpRx = lazyre.New(`(?i)\b(no-?op|no op|nothing to do|does nothing|do nothing|intentionally|deliberately|on purpose|left empty|kept empty|placeholder)\b`)
