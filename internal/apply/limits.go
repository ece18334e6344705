package apply

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// MaxTimeout is the longest lock_timeout or statement_timeout PostgreSQL
// takes: INT_MAX milliseconds, about 24.8 days.
const MaxTimeout = 2147483647 * time.Millisecond

// CheckTimeout reports a limit that PostgreSQL cannot take: under 1ms it
// would round to 0, which means no limit at all.
func CheckTimeout(name string, d time.Duration) error {
	switch {
	case d < time.Millisecond:
		return fmt.Errorf("%s %s is under 1ms: PostgreSQL counts it in whole milliseconds, and 0 would mean no limit", name, d)
	case d > MaxTimeout:
		return fmt.Errorf("%s %s is beyond PostgreSQL's limit of %s (2147483647ms)", name, d, MaxTimeout)
	}
	return nil
}

// millis returns d in milliseconds, rounded up so that a limit never
// becomes 0.
func millis(d time.Duration) int64 {
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

// The causes with which migguard cancels a statement itself.
var (
	errStatementTimeout = errors.New("statement timeout")
	errLockTimeout      = errors.New("lock timeout")
)

// clientGrace is how much longer than PostgreSQL the client waits before
// it cancels a statement: where the migration left the server's limits
// alone, the server's error (and its message) comes first.
const clientGrace = 100 * time.Millisecond

// limited returns the context one statement runs under. It is cancelled
// with errStatementTimeout once the statement timeout has passed, and the
// lock watcher cancels it with errLockTimeout; a cancelled context sends
// PostgreSQL a cancel request (see open). PostgreSQL's own lock_timeout
// and statement_timeout normally fire first; these hold when a migration
// has changed them (SET statement_timeout = 0). stop releases the timer.
func (r *runner) limited(ctx context.Context) (sctx context.Context, cancel context.CancelCauseFunc, stop func()) {
	sctx, cancel = context.WithCancelCause(ctx)
	t := time.AfterFunc(r.statementTimeout+clientGrace, func() { cancel(errStatementTimeout) })
	return sctx, cancel, func() {
		t.Stop()
		cancel(nil)
	}
}

// limitNote rewrites PostgreSQL's "canceling statement due to user
// request" when the client cancelled the statement for one of apply's
// limits (cause), and says so.
func (r *runner) limitNote(e *Error, cause error) {
	if e.Code != "57014" {
		return
	}
	switch {
	case errors.Is(cause, errStatementTimeout):
		e.Message = "canceling statement due to statement timeout"
		e.Note = fmt.Sprintf("migguard cancelled the statement when it passed the statement timeout (%s): PostgreSQL's statement_timeout no longer held it, because a migration changed it", r.statementTimeout)
	case errors.Is(cause, errLockTimeout):
		e.Code = "55P03"
		e.Message = "canceling statement due to lock timeout"
		e.Note = fmt.Sprintf("migguard cancelled the statement when it had waited for a lock longer than the lock timeout (%s): PostgreSQL's lock_timeout no longer held it, because a migration changed it", r.lockTimeout)
	}
}
