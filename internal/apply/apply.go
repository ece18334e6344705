// Package apply proves migrations on a real PostgreSQL database that holds
// data.
//
// Run builds the base schema from the migrations before the new ones,
// fills every table with rows (package seed, or the user's seed file), then
// applies the new migrations one statement at a time the way their tool
// would: a file the tool wraps in a transaction runs inside BEGIN … COMMIT,
// a golang-migrate file as one implicit transaction, and a file without a
// transaction statement by statement, so CREATE INDEX CONCURRENTLY runs
// outside any transaction. lock_timeout and statement_timeout bound every
// statement, and Run enforces both from the client too, so a migration
// that lifts them (SET statement_timeout = 0) is still stopped.
//
// For each statement it records success or PostgreSQL's error at the
// statement's file:line, the duration, the table locks its backend holds
// (pg_locks joined to relation names), and the tables and indexes it
// rewrote (their relfilenode changed). A lock wait that reaches
// lock_timeout names the lock and the session holding it. A failure is tied
// to the lint rule and safe recipe that would have prevented it.
//
// Where the new migrations have down parts, the round trip applies them
// down and up again and reports a down that fails or does not restore the
// catalog as it was (compared by catalog snapshots).
//
// RunCommand instead runs the project's own migration command (Alembic, for
// example) against the scratch database and observes it through event
// triggers (ddl_command_end, table_rewrite, sql_drop).
//
// # Trust
//
// Migrations are untrusted code: a branch's author wrote them. Run and
// RunCommand are given a Target that package pgcluster made: a scratch
// database, the URL of a role that owns only that database and is not a
// superuser (Target.URL), and a privileged URL (Target.AdminURL). Every
// migration statement, the base migrations, and the seeding (which fires
// the migrations' triggers and defaults) run over Target.URL, logged in as
// that role, so that no SET ROLE or RESET can lift it; Run refuses a
// Target.URL whose session user is a superuser. The privileged connection
// only samples locks while a statement runs, snapshots the catalog between
// files and, for RunCommand, installs the event triggers, all with
// search_path set to pg_catalog so that nothing a migration created is
// called.
package apply

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/rules"
	"github.com/migguard/migguard/internal/seed"
)

// Options configure Run.
type Options struct {
	// Set holds the migrations in the order the tool applies them.
	Set *migrations.Set
	// New selects the branch's new migrations; the files before the first
	// new one form the base. Files after it that are not new are applied
	// as they come, without a report of their own.
	New func(*migrations.File) bool
	// Base, when not nil, is the base instead of the files of Set before
	// the first new one: the base as it is on the base branch (read from
	// git), not as in the working tree. Files of Set that are not new are
	// then skipped.
	Base []*migrations.File

	// Rows per table to generate (0: 1000; negative: none). SeedFile, when
	// set, is loaded instead.
	Rows     int
	SeedFile string
	// BinDir is where psql and pg_restore are looked for first (for
	// SeedFile).
	BinDir string

	// LockTimeout and StatementTimeout bound each statement (default 5s
	// and 5m; at least 1ms, at most MaxTimeout).
	LockTimeout      time.Duration
	StatementTimeout time.Duration
	// RoundTrip applies the down parts of the new migrations and then the
	// up parts again.
	RoundTrip bool

	// Lint configures the lint run whose findings explain failures: its
	// PostgreSQL version. Every SQL rule runs and ignore directives are
	// not applied, so a failure is tied to the hazard of its statement
	// whatever the configuration turns off.
	Lint rules.Options

	// Translation, when not nil, maps the statements of translated files
	// (Alembic revisions) back to their source and lists what was not
	// translated.
	Translation Translation

	// Extensions are the extensions created by the privileged role before
	// the migrations ran (pgcluster.ScratchOptions.Extensions); failures
	// that involve them are explained.
	Extensions []string

	// Progress receives a line per step; nil discards them.
	Progress io.Writer

	// keepGoing applies every statement of the new files even after one
	// fails (in a new transaction where the file's was rolled back),
	// which the test of lint's lock claims needs; migguard apply stops.
	keepGoing bool
}

// Target is the scratch database that Run and RunCommand work on.
type Target struct {
	// URL connects to the scratch database as the role the migrations run
	// as; it must not be a superuser.
	URL string
	// AdminURL connects to it with privileges to observe other sessions
	// (pg_locks, pg_stat_activity) and install event triggers; "" means
	// URL.
	AdminURL string
}

func (t Target) admin() string {
	if t.AdminURL == "" {
		return t.URL
	}
	return t.AdminURL
}

// Report is what Run found.
type Report struct {
	URL       string // masked
	Server    string // PostgreSQL version
	BaseFiles int
	Seed      *seed.Result
	SeedFile  string
	Files     []*FileResult
	RoundTrip []*RoundTrip
	Duration  time.Duration
}

// Failed reports whether a new migration or its round trip failed.
func (r *Report) Failed() bool {
	for _, f := range r.Files {
		if f.Failed() {
			return true
		}
	}
	for _, rt := range r.RoundTrip {
		if rt.Failed() {
			return true
		}
	}
	return false
}

// FileResult is the outcome of one new migration file (or one down part).
type FileResult struct {
	Path       string
	Tx         string // how the file ran: "transaction", "implicit transaction", "no transaction"
	TxSource   string
	Statements []*Statement
	// NotRun is set for files after a failed one.
	NotRun bool
	// Untranslated are the parts of a translated file that have no SQL
	// (see Translation): they were not applied.
	Untranslated []Note
}

// Failed reports whether a statement of the file failed.
func (f *FileResult) Failed() bool {
	for _, s := range f.Statements {
		if s.Error != nil {
			return true
		}
	}
	return false
}

// Statement is the outcome of one statement.
type Statement struct {
	Path      string
	Line, Col int
	Text      string // the statement, shortened for display
	Duration  time.Duration
	// InTx says the statement ran inside a transaction block.
	InTx bool
	// Locks are the table locks the statement's backend took, strongest
	// first; Rewrites the tables and indexes it rewrote.
	Locks    []Lock
	Rewrites []Rewrite
	// Work is what the statement does with the rows of each table, as the
	// lint rules decide it (rules.Options.Work): scans, rewrites, index
	// builds, copies.
	Work []Work
	// Predictions are the locks and rewrites lint claims for the
	// statement, each confirmed or contradicted by what it did.
	Predictions []Prediction
	Rows        int64 // rows affected, where the command reports them
	Error       *Error
}

// Work is what a statement does with the rows of one relation.
type Work struct {
	Relation string `json:"relation"` // schema.name
	Kind     string `json:"kind"`     // scan, rewrite, index build, every row, wait
	What     string `json:"what"`     // changes the type of column "email"
	Blocks   bool   `json:"blocks"`   // writes (or reads) wait while it runs
}

func (w Work) String() string {
	s := w.What + " (" + w.Kind + " of " + w.Relation
	if w.Blocks {
		s += ", blocking"
	}
	return s + ")"
}

// Lock is a table-level lock held or awaited.
type Lock struct {
	Relation string `json:"relation"` // schema.name, or the OID of a relation created in the open transaction
	Mode     string `json:"mode"`     // AccessExclusiveLock, …
	oid      uint32 // the relation's OID, which a rename or drop keeps in pg_locks
	relkind  string // pg_class.relkind, "" when the relation is gone
}

func (l Lock) String() string { return l.Mode + " on " + l.Relation }

// Rewrite is a table or index whose storage was replaced.
type Rewrite struct {
	Relation string `json:"relation"`
	Kind     string `json:"kind"` // table, index, materialized view
	oid      uint32 // the relation's OID before the statement
}

// Error is PostgreSQL's error for a statement, tied to the rule that
// explains it.
type Error struct {
	Code    string `json:"sqlstate"`
	Message string `json:"message"`
	Detail  string `json:"detail"`
	Hint    string `json:"hint"`
	// Line and Col locate the error in the file: where PostgreSQL points,
	// else the statement's start.
	Line int `json:"line"`
	Col  int `json:"column"`
	// Waiting, for a lock timeout, is the lock the statement waited for
	// and Blockers the sessions holding it.
	Waiting  *Lock     `json:"waiting_for"`
	Blockers []Blocker `json:"blocked_by"`
	// Rule is the lint rule that flags this failure and Help its safe
	// recipe; Rule is "" when none applies.
	Rule string `json:"rule"`
	Help string `json:"help"`
	URL  string `json:"url"`
	// Note adds what the failure left behind (an invalid index).
	Note string `json:"note"`
	// Data says what in the data made the statement fail: the rows holding
	// NULL, the duplicated key, the value that breaks a constraint.
	Data string `json:"data"`

	// schema, table and column are PostgreSQL's error fields, which say
	// where the offending data is.
	schema, table, column string
}

// Blocker is a session holding a lock that a statement waited for.
type Blocker struct {
	PID         int    `json:"pid"`
	Application string `json:"application"`
	State       string `json:"state"`
	Query       string `json:"query"`
	Modes       string `json:"modes"` // the lock modes it holds on the relation
}

func (e *Error) Error() string { return fmt.Sprintf("%s (SQLSTATE %s)", e.Message, e.Code) }

// RoundTrip is the outcome of applying one file's down part and its up part
// again.
type RoundTrip struct {
	Path string
	// NoDown is set when the file has no down part; the round trip stops there.
	NoDown bool
	Down   *FileResult
	// DownDiff lists the catalog differences between before the up part and
	// after the down part ("-" missing after down, "+" left behind).
	DownDiff []string
	Up       *FileResult
	UpDiff   []string
}

// Failed reports whether the down or the second up failed or left the
// schema different.
func (rt *RoundTrip) Failed() bool {
	return rt.Down != nil && rt.Down.Failed() || rt.Up != nil && rt.Up.Failed() || len(rt.DownDiff) > 0 || len(rt.UpDiff) > 0
}

// EnvError is a failure of the environment rather than of a migration: the
// server went away, ran out of resources, or the base could not be built.
type EnvError struct {
	Msg string
	Err error
}

func (e *EnvError) Error() string {
	if e.Err == nil {
		return e.Msg
	}
	return e.Msg + ": " + pgcluster.Mask(e.Err.Error())
}

func (e *EnvError) Unwrap() error { return e.Err }

// IsEnv reports whether err is an environment failure.
func IsEnv(err error) bool {
	var e *EnvError
	return errors.As(err, &e)
}
