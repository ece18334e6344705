package rules

import (
	"fmt"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// Pass is what a rule sees of one statement: the statement, its file, the
// transaction state and schema that the earlier statements built, and the
// settings. New context is a new field here, never a new parameter.
type Pass struct {
	File  *migrations.File
	Lines *pgparse.Lines
	// Stmts are the statements of the part being linted up to Stmt, whose
	// position among them is Index: a rule never sees later statements
	// (what it needs of them it learns through hold), and of the earlier
	// ones only their place in the text and their DO blocks, not their
	// parse trees, which are dropped once a statement is done. Stmt is nil
	// when End runs; Stmts are then all of them.
	Stmts []*pgparse.Stmt
	Index int
	Stmt  *pgparse.Stmt
	// Tx is the transaction state before Stmt runs.
	Tx *TxState
	// Catalog is the schema before Stmt runs. Rules must not change it.
	Catalog *schema.Catalog
	// PG is the PostgreSQL version the migrations target.
	PG Version

	rule    *Rule
	report  func(Finding)
	once    map[string]bool
	scratch map[*Rule]any
	// locks and work are the last answers of sessionLocks and
	// statementWork.
	locks keptFor[[]lockTarget]
	work  keptFor[[]workItem]
	// code is Options.Code; codeAsked is set when a rule asks it.
	code      Code
	codeAsked *bool
	// dos are the indexes in Stmts of the DO statements (see
	// enclosingBlock); dosRead is how many of Stmts were looked at for
	// them.
	dos     []int
	dosRead int
	// raw are the findings of the file so far; sink is where report puts
	// a finding: raw, or the findings being held back (see hold).
	raw  []Finding
	sink *[]Finding
	// held are the findings held back, in the order they were held;
	// watching those still waiting for a later statement.
	held, watching []*held
	// objs are what the statements before Stmt created (createdInFile).
	objs fileObjects
}

// CodeUses returns where the application code uses tables and columns
// (Options.Code), nil when the run was not given it. A rule asks only about
// what a statement drops or renames: the findings of a file whose rules
// asked depend on code outside the migrations, and are cached under the
// code's digest (DigestedCode), or not at all.
func (p *Pass) CodeUses() Code {
	if p.code != nil && p.codeAsked != nil {
		*p.codeAsked = true
	}
	return p.code
}

// Node returns the statement's parse tree, or nil for a syntax error.
func (p *Pass) Node() *pgparse.Node {
	if p.Stmt == nil {
		return nil
	}
	return p.Stmt.Node
}

// Report records a finding at the pg_query Location loc of a node of the
// current statement (-1 for the statement itself).
func (p *Pass) Report(loc int32, format string, args ...any) {
	off := p.File.Len()
	if p.Stmt != nil {
		off = p.Stmt.Offset(loc)
	}
	p.ReportAt(off, format, args...)
}

// ReportLock is Report for a rule whose lock depends on the statement,
// such as the timeout rules: the finding carries lock, the lock the
// statement takes, instead of the rule's Lock (which then describes the
// lock in general).
func (p *Pass) ReportLock(loc int32, lock Lock, format string, args ...any) {
	off := p.File.Len()
	if p.Stmt != nil {
		off = p.Stmt.Offset(loc)
	}
	p.reportAt(off, lock.String(), WorkNone, fmt.Sprintf(format, args...))
}

// ReportWork is Report for a finding that says what the statement does
// with the rows of a relation (it scans, it rewrites): work is that
// claim, which must come from statementWork.
func (p *Pass) ReportWork(loc int32, work Work, format string, args ...any) {
	off := p.File.Len()
	if p.Stmt != nil {
		off = p.Stmt.Offset(loc)
	}
	p.reportAt(off, p.rule.Lock, work, fmt.Sprintf(format, args...))
}

// reportItem reports a finding about a work item of the statement, with
// the lock the statement holds.
func (p *Pass) reportItem(it workItem, lock Lock, format string, args ...any) {
	off := p.File.Len()
	if p.Stmt != nil {
		off = p.Stmt.Offset(it.loc)
	}
	l := p.rule.Lock
	if lock != LockNone {
		l = lock.String()
	}
	p.reportAt(off, l, it.kind, fmt.Sprintf(format, args...))
}

// ReportAt records a finding at byte offset off of the file.
func (p *Pass) ReportAt(off int, format string, args ...any) {
	p.reportAt(off, p.rule.Lock, WorkNone, fmt.Sprintf(format, args...))
}

// reportAt records a finding at byte offset off that names lock and work.
func (p *Pass) reportAt(off int, lock string, work Work, msg string) {
	end := off
	if p.Stmt != nil && off >= p.Stmt.Start && off <= p.Stmt.End {
		end = p.Stmt.End
	}
	table, tableWork := p.findingTable(off, lock, work)
	p.report(Finding{
		Rule:      p.rule.ID,
		Severity:  p.rule.Severity,
		Path:      p.File.Path,
		Pos:       p.Lines.Pos(off),
		End:       p.Lines.Pos(end),
		Offset:    off,
		Message:   msg,
		Help:      p.rule.Help,
		Lock:      lock,
		Work:      work,
		Table:     table,
		TableWork: tableWork,
	})
}

// Once returns true the first time it is called with key in the current
// file for the current rule, and false afterwards. Rules use it to report
// a file-wide problem once.
func (p *Pass) Once(key string) bool {
	k := p.rule.ID + "\x00" + key
	if p.once[k] {
		return false
	}
	p.once[k] = true
	return true
}

// Scratch returns the rule's per-file state, creating it with mk on first use.
func Scratch[T any](p *Pass, mk func() T) T {
	if v, ok := p.scratch[p.rule]; ok {
		return v.(T)
	}
	v := mk()
	p.scratch[p.rule] = v
	return v
}

// IsNew reports whether the relation was created earlier in the same
// transaction or the same migration file. Such a relation is empty and no
// running application uses it yet, so lock and scan rules do not apply.
func (p *Pass) IsNew(rv *pgparse.RangeVar) bool {
	if rv == nil {
		return false
	}
	if rv.Relpersistence == "t" {
		return true
	}
	return p.Tx.IsNew(schema.RelKey(rv)) || p.madeByUnread(rv)
}

// Created is IsNew for rules about who waits, not about the work: it also
// holds for a relation created earlier in the file as a copy of existing
// rows (CREATE TABLE … AS SELECT), which is not empty but which no running
// application uses yet.
func (p *Pass) Created(rv *pgparse.RangeVar) bool {
	if rv == nil {
		return false
	}
	return p.IsNew(rv) || p.Tx.Created(schema.RelKey(rv))
}

// madeByUnread reports whether SQL that migguard cannot read ran earlier
// in the file and the schema does not know the relation: that SQL may have
// created it (File.Unread).
func (p *Pass) madeByUnread(rv *pgparse.RangeVar) bool {
	if len(p.File.Unread) == 0 || p.Stmt == nil || p.File.Unread[0] > p.Stmt.Start {
		return false
	}
	return p.Catalog.TableFor(rv) == nil
}

// Table returns what the catalog knows of a relation, or nil.
func (p *Pass) Table(rv *pgparse.RangeVar) *schema.Table { return p.Catalog.TableFor(rv) }

// Text returns the source text of the current statement.
func (p *Pass) Text() string {
	if p.Stmt == nil {
		return ""
	}
	return p.File.Up[p.Stmt.Start:p.Stmt.End]
}

// Version is a PostgreSQL version such as 15.0 or 14.3.
type Version struct {
	Major, Minor int
}

// DefaultVersion is the version assumed when none is configured: the
// grammar the parser implements.
var DefaultVersion = Version{Major: pgparse.ParserMajor, Minor: 0}

// AtLeast reports whether v is major.minor or newer.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// ParseVersion reads "15", "15.4" or "14.3".
func ParseVersion(s string) (Version, error) {
	var v Version
	n, _ := fmt.Sscanf(s, "%d.%d", &v.Major, &v.Minor)
	if n == 0 || v.Major < 9 || v.Major > 30 || v.Minor < 0 {
		return Version{}, fmt.Errorf("invalid PostgreSQL version %q (want a major version such as 15, or major.minor such as 14.3)", s)
	}
	return v, nil
}
