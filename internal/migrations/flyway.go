package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// Flyway decides per migration whether to run it in a transaction. Its
// PostgreSQL parser marks the statements PostgreSQL refuses in a
// transaction block (flyway-database-postgresql PostgreSQLParser:
// CREATE/DROP DATABASE, TABLESPACE and SUBSCRIPTION, ALTER SYSTEM, CREATE
// or DROP [UNIQUE] INDEX CONCURRENTLY, REINDEX SCHEMA|DATABASE|SYSTEM,
// VACUUM, DISCARD ALL) as non-transactional, from the leading keywords of
// each statement. A migration holding only such statements runs outside a
// transaction, one statement at a time; one that mixes them with others is
// refused ("Detected both transactional and non-transactional statements
// within the same migration") unless `mixed` is true, and then runs
// outside a transaction as a whole (flyway-core ParserSqlScript). A
// script configuration file (V1__x.sql.conf) setting executeInTransaction
// decides for its migration, without the check; the project's
// executeInTransaction=false runs every migration outside a transaction.
//
// Flyway 9.1.2 and later hold their migration lock with
// pg_advisory_xact_lock in a transaction of their own, on another
// connection, while a migration runs (postgresql.transactional.lock,
// default true). A CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY run
// outside a transaction waits for every transaction older than its
// snapshot to end, that one included: the migration never finishes.
// File.LockTx records it for the rules.
//
// ALTER TYPE … ADD VALUE, which Flyway also runs outside a transaction
// when the server is older than PostgreSQL 12, is taken as transactional.

// flywayConfig is what migguard reads of a Flyway project configuration:
// flyway.toml (or flyway.user.toml) or flyway.conf.
type flywayConfig struct {
	// path is the configuration file, "" for Flyway's defaults.
	path string
	// mixed and inTx are flyway.mixed and flyway.executeInTransaction.
	mixed, inTx bool
	// lockTx is flyway.postgresql.transactional.lock, and lockPath and
	// lockLine the file and line that set it (0 for the default).
	lockTx   bool
	lockPath string
	lockLine int
}

// defaultFlyway is Flyway's configuration when no file says otherwise.
var defaultFlyway = flywayConfig{inTx: true, lockTx: true}

// parseFlyway reads a Flyway file: an undo file (U<version>__) is all
// down, any other file is all up, and Flyway decides from its statements
// whether it runs in a transaction, with the default configuration until
// LoadDir reads the project's (applyFlywayConfig).
func parseFlyway(f *File) {
	if isFlywayUndo(f.Path) {
		f.Up, f.Down = blankAll(f.Src), blankBOM(f.Src)
	} else {
		f.Up = blankBOM(f.Src)
	}
	flywayTx(f, defaultFlyway, scriptConfig{})
}

// scriptConfig is what migguard reads of a migration's script
// configuration file (V1__x.sql.conf).
type scriptConfig struct {
	path string
	inTx *bool
	line int
}

// flywayTx sets the file's transaction model as Flyway decides it under
// cfg and the file's script configuration sc, and what Flyway refuses.
// A `-- migguard:tx` directive keeps the last word.
func flywayTx(f *File, cfg flywayConfig, sc scriptConfig) {
	f.Problems = dropFlywayProblems(f.Problems)
	f.Refusal, f.LockTx = "", ""
	if mode, _, ok := TxDirective(f.Src); ok {
		// ParseFile sets the directive's mode; the lock depends on it.
		if mode == TxNone {
			f.LockTx = cfg.lockNote()
		}
		return
	}
	text := f.Up
	if isFlywayUndo(f.Path) {
		text = f.Down
	}
	tx, nonTx := flywayStatements(text)
	src := cfg.source()
	switch {
	case sc.inTx != nil && *sc.inTx:
		f.Tx, f.TxSource = TxWrapped, fmt.Sprintf("%s line %d sets executeInTransaction=true", path.Base(sc.path), sc.line)
	case sc.inTx != nil:
		f.Tx, f.TxSource = TxNone, fmt.Sprintf("%s line %d sets executeInTransaction=false", path.Base(sc.path), sc.line)
	case len(nonTx) > 0 && len(tx) > 0 && !cfg.mixed && cfg.inTx:
		f.Tx, f.TxSource = TxNone, "flyway refuses this migration as written; with mixed=true it would run it outside a transaction"
		f.Refusal = fmt.Sprintf("flyway refuses this migration: %s on line %d runs only outside a transaction and %s on line %d only inside one, "+
			"and mixed is false (%s): put the %s in a migration of its own, or set mixed=true to run this one outside a transaction",
			nonTx[0].what, lineAt(f.Src, nonTx[0].off), tx[0].what, lineAt(f.Src, tx[0].off), src, nonTx[0].what)
		f.Problems = append(f.Problems, Problem{Offset: nonTx[0].off, Message: f.Refusal})
	case len(nonTx) > 0 && len(tx) > 0:
		f.Tx, f.TxSource = TxNone, fmt.Sprintf("flyway runs a migration that mixes %s (line %d) with other statements outside a transaction (%s sets mixed=true)",
			nonTx[0].what, lineAt(f.Src, nonTx[0].off), src)
	case len(nonTx) > 0:
		f.Tx, f.TxSource = TxNone, fmt.Sprintf("flyway runs a migration that holds only statements it does not run in a transaction (%s, line %d) outside one",
			nonTx[0].what, lineAt(f.Src, nonTx[0].off))
	case !cfg.inTx:
		f.Tx, f.TxSource = TxNone, src+" sets executeInTransaction=false"
	default:
		f.Tx, f.TxSource = TxWrapped, "flyway default: each migration runs in a transaction"
	}
	if f.Tx == TxNone && f.Refusal == "" {
		f.LockTx = cfg.lockNote()
	}
}

// lockNote says that Flyway holds its lock in an open transaction, and
// why, or "" when the configuration turns that off.
func (c flywayConfig) lockNote() string {
	if !c.lockTx {
		return ""
	}
	return "Flyway 9.1.2 and later hold their migration lock in an open transaction (postgresql.transactional.lock is true: " + c.lockSource() + ")"
}

// refusalMarker starts the Problem of a refused migration, so that a
// second decision (with the project's configuration) replaces it.
const refusalMarker = "flyway refuses this migration: "

// dropFlywayProblems removes an earlier decision's refusal.
func dropFlywayProblems(ps []Problem) []Problem {
	out := ps[:0]
	for _, p := range ps {
		if !strings.HasPrefix(p.Message, refusalMarker) {
			out = append(out, p)
		}
	}
	return out
}

// source names where the configuration comes from, for messages.
func (c flywayConfig) source() string {
	if c.path == "" {
		return "flyway default"
	}
	return c.path
}

// lockSource says where the transactional lock setting comes from.
func (c flywayConfig) lockSource() string {
	if c.lockLine == 0 {
		if c.path == "" {
			return "Flyway's default, no flyway.conf or flyway.toml found"
		}
		return "Flyway's default, " + c.path + " does not set it"
	}
	return fmt.Sprintf("%s line %d", c.lockPath, c.lockLine)
}

// flywayStmt is one statement as Flyway's parser splits the file.
type flywayStmt struct {
	off  int    // offset of its first keyword
	what string // its leading keywords, for messages: CREATE INDEX CONCURRENTLY
}

// flywayNonTx are the leading keywords with which Flyway's PostgreSQL
// parser marks a statement non-transactional; Flyway matches them against
// each prefix of the statement's keywords.
var flywayNonTx = lazyre.New(`^(?:(?:CREATE|DROP) (?:DATABASE|TABLESPACE|SUBSCRIPTION)|ALTER SYSTEM|(?:CREATE|DROP)(?: UNIQUE)? INDEX CONCURRENTLY|REINDEX(?: VERBOSE)? (?:SCHEMA|DATABASE|SYSTEM)|VACUUM|DISCARD ALL)$`)

// flywayKeywordCutoff is how many leading keywords Flyway looks at.
const flywayKeywordCutoff = 10

// flywayStatements splits text as Flyway does and sorts its statements
// into those Flyway runs in a transaction and those it does not.
func flywayStatements(text string) (tx, nonTx []flywayStmt) {
	for _, s := range flywaySplit(text) {
		simplified, non := "", false
		for i, w := range s.words {
			if i == flywayKeywordCutoff {
				break
			}
			if simplified != "" {
				simplified += " "
			}
			simplified += w
			if flywayNonTx.MatchString(simplified) {
				non = true
				break
			}
		}
		st := flywayStmt{off: s.off, what: leadingWords(strings.Fields(restOfLine(text[s.off:])), 4)}
		if non {
			st.what = simplified
			nonTx = append(nonTx, st)
		} else {
			tx = append(tx, st)
		}
	}
	return tx, nonTx
}

// leadingWords joins the first n words.
func leadingWords(words []string, n int) string {
	if len(words) > n {
		words = words[:n]
	}
	return strings.Join(words, " ")
}

// applyFlywayConfig reads the project's Flyway configuration (the nearest
// flyway.toml or flyway.conf from the set's directory up to the top of
// fsys, in conf/ too) and each migration's script configuration
// (V1__x.sql.conf), and decides each file's transaction model with them.
func applyFlywayConfig(fsys fs.FS, set *Set) {
	cfg, problems := findFlywayConfig(fsys, set.Dir)
	for _, f := range set.Files {
		sc, p := readScriptConfig(fsys, f.Path+".conf")
		if p != "" {
			f.Problems = append(f.Problems, Problem{Offset: firstText(f.Src), Message: p})
		}
		flywayTx(f, cfg, sc)
	}
	if len(problems) > 0 {
		set.Others = append(set.Others, &File{Path: cfg.path, Kind: Meta, Problems: problems})
	}
}

// readScriptConfig reads executeInTransaction from a script configuration
// file; the message reports a value Flyway cannot read as a boolean.
func readScriptConfig(fsys fs.FS, p string) (scriptConfig, string) {
	data, err := ReadFile(fsys, p)
	if err != nil {
		return scriptConfig{}, ""
	}
	sc := scriptConfig{path: p}
	for _, kv := range propertiesLines(string(data)) {
		if kv.key != "executeInTransaction" {
			continue
		}
		b, ok := parseBool(kv.value)
		if !ok {
			return sc, fmt.Sprintf("%s line %d: executeInTransaction = %s is not true or false: flyway refuses the script configuration", p, kv.line, kv.value)
		}
		sc.inTx, sc.line = &b, kv.line
	}
	return sc, ""
}
