// Package migrations finds migration sets in a repository, recognises their
// format (golang-migrate, goose, dbmate, Flyway, Atlas, sql-migrate, tern,
// diesel, Prisma, Sqitch, plain ordered SQL), orders their files the way the
// migration tool does, and says how the tool wraps each file in
// transactions.
//
// A File keeps the original text and, separately, the text of its up and
// down parts with everything else blanked to spaces. Blanking keeps byte
// offsets, so every position found in a part is a position in the file.
package migrations

import (
	"fmt"
	"strings"
)

// Format names a migration tool's file layout.
type Format string

// The formats migguard understands.
const (
	GolangMigrate Format = "golang-migrate"
	Goose         Format = "goose"
	Dbmate        Format = "dbmate"
	Flyway        Format = "flyway"
	Atlas         Format = "atlas"
	// SQLMigrate is rubenv/sql-migrate: -- +migrate Up / Down sections.
	SQLMigrate Format = "sql-migrate"
	// Tern is jackc/tern: numbered files split by
	// ---- create above / drop below ----, read as Go templates.
	Tern Format = "tern"
	// Diesel is a directory per migration: <version>_<name>/up.sql and
	// down.sql, with an optional metadata.toml.
	Diesel Format = "diesel"
	// Prisma is a directory per migration: <timestamp>_<name>/migration.sql.
	Prisma Format = "prisma"
	// Pop is gobuffalo/pop's and ory/popx's
	// <version>_<name>[.<dialect>][.autocommit].(up|down).sql, one file
	// per database where they differ (see pop.go).
	Pop Format = "pop"
	// Sqitch is a sqitch.plan that orders deploy/, revert/ and verify/
	// scripts.
	Sqitch Format = "sqitch"
	Plain  Format = "plain"
	// Alembic is a set of Python revision files, read by internal/alembic;
	// LoadDir does not read it.
	Alembic Format = "alembic"
	// Single is a file or stdin given on the command line outside any set.
	Single Format = "sql"
)

// Formats lists the SQL formats that LoadDir reads.
var Formats = []Format{GolangMigrate, Goose, Dbmate, Flyway, Atlas, SQLMigrate, Tern, Diesel, Prisma, Sqitch, Pop, Plain}

// ConfigFormats are the formats a set can name in configuration: Formats,
// and Alembic, which internal/alembic reads.
var ConfigFormats = append(Formats[:len(Formats):len(Formats)], Alembic)

// TxMode says how the migration tool runs the statements of one file.
type TxMode int

const (
	// TxNone: each statement runs on its own, in autocommit mode (psql -f,
	// goose NO TRANSACTION, Atlas txmode none).
	TxNone TxMode = iota
	// TxWrapped: the tool opens a transaction around the whole file or part
	// (goose, dbmate, Flyway and Atlas by default).
	TxWrapped
	// TxImplicit: the tool sends the whole file as one multi-statement
	// string, which PostgreSQL runs as one implicit transaction
	// (golang-migrate, dbmate transaction:false). A file with one statement
	// runs outside any transaction.
	TxImplicit
)

func (m TxMode) String() string {
	switch m {
	case TxNone:
		return "none"
	case TxWrapped:
		return "wrapped"
	case TxImplicit:
		return "implicit"
	}
	return fmt.Sprintf("TxMode(%d)", int(m))
}

// ParseTxMode reads a transaction mode as written in configuration and
// directives: none, wrapped, implicit.
func ParseTxMode(s string) (TxMode, bool) {
	switch s {
	case "none", "autocommit", "false":
		return TxNone, true
	case "wrapped", "file", "true":
		return TxWrapped, true
	case "implicit":
		return TxImplicit, true
	}
	return 0, false
}

// Set is one directory of migrations handled by one tool.
type Set struct {
	Dir    string // slash-separated, relative to the repository root ("." for the root)
	Format Format
	Files  []*File // in the order the tool applies them
	// Others are the paths of the set that are no migrations but that lint
	// reports on (see FileKind): .sql files the tool never runs, files
	// and directories the tool reads to run the set when they have
	// problems, and a directory that no format explains.
	Others []*File
}

// File is one migration file.
type File struct {
	Path    string // slash-separated path relative to the repository root, as printed
	Version string // the version the tool reads from the name ("" for repeatable or unversioned files)
	Name    string // the description part of the name
	// Repeatable is true for Flyway R__ files, which run after all versioned ones.
	Repeatable bool

	Src  string // the file as read
	Up   string // Src with everything but the up part blanked
	Down string // Src with everything but the down part blanked; "" when the file has no down part
	// DownFile is the separate down file of formats that keep one (golang-migrate).
	DownFile *File

	Tx TxMode // how the tool runs the up part
	// TxSource says where Tx came from ("goose default", "-- +goose NO TRANSACTION", "config", …),
	// so messages can explain it.
	TxSource string

	// Refusal, when set, says why the tool refuses to run the file as
	// written (Flyway: a migration that mixes statements it runs outside a
	// transaction with others, mixed being false); it is also a Problem.
	Refusal string
	// LockTx, when set, says that the tool holds its migration lock in an
	// open transaction of its own while it runs this file outside one
	// (Flyway 9.1.2 and later by default): a statement that waits for every
	// older transaction, such as CREATE INDEX CONCURRENTLY, then waits
	// forever.
	LockTx string
	// EmptyOK, when set, says why an up part without statements is
	// deliberate (pop: the version's work is done on other databases).
	EmptyOK string

	// Problems are format errors found while reading the file, such as goose
	// annotations out of order. Each becomes a migration-format finding.
	Problems []Problem
	// Notes are parts of the file that migguard does not analyse (psql
	// meta-commands, COPY data, Go-template inclusions), each reported as
	// a not-analysed note.
	Notes []Problem
	// Templates are the Go-template actions ({{ .Schema }}) of the file,
	// read as identifiers in its parts (see SetTemplateValues).
	Templates []Template
	// Unread are offsets in Up where SQL runs that migguard cannot read
	// (Go code that builds it at run time), each with a note in Notes. A
	// relation that a later statement of the file names and the schema
	// does not know may have been created there: it counts as new.
	Unread []int

	// Kind says what the file is to its set; Why explains a kind other
	// than Migration. Only Path, Kind, Why and, where they are read, Src,
	// Problems and Notes are set for those.
	Kind FileKind
	Why  string

	// texts, when set, is the hash of Src, Up and Down as they were when
	// the cache of loaded sets kept the file; it stands for them while
	// they are the same strings (see textSum).
	texts *textDigest
}

// FileKind says what a file of a Set is to its tool.
type FileKind int

const (
	// Migration is a migration the tool runs (Set.Files).
	Migration FileKind = iota
	// NotRun is a .sql file in the set's directories that the tool never
	// runs (Set.Others); Why says why.
	NotRun
	// Meta is a file or directory that the tool reads to run the set, such
	// as sqitch.plan or a diesel migration directory, listed in Set.Others
	// for its Problems and Notes.
	Meta
	// Unexplained is a directory read as plain SQL that no format explains
	// (Set.Others); Why names the files that were not read.
	Unexplained
)

// Problem is a format error at a byte offset of a file.
type Problem struct {
	Offset  int
	Message string
}

// InputError is a file that cannot be linted at all: unreadable, binary, not UTF-8.
type InputError struct {
	Path string
	Err  string
}

func (e *InputError) Error() string { return e.Path + ": " + e.Err }

// Len returns the length of the file in bytes.
func (f *File) Len() int { return len(f.Src) }

// TxDirective finds a `-- migguard:tx <none|wrapped|implicit>` line, which
// overrides the transaction model of any format for one file. The marker
// must start a line (a byte order mark may precede it on line 1). ok is
// false when there is no such line or its mode is unknown; offset is then
// the offset of the line with the unknown mode, or 0.
func TxDirective(src string) (mode TxMode, offset int, ok bool) {
	off, arg, found := findTxDirective(src)
	if !found {
		return 0, 0, false
	}
	mode, ok = ParseTxMode(arg)
	return mode, off, ok
}

const txMarker = "-- migguard:tx "

// findTxDirective returns the offset and argument of the first
// `-- migguard:tx` line.
func findTxDirective(src string) (offset int, arg string, found bool) {
	from := 0
	for {
		i := strings.Index(src[from:], txMarker)
		if i < 0 {
			return 0, "", false
		}
		i += from
		if i == 0 || src[i-1] == '\n' || (i == len("\uFEFF") && strings.HasPrefix(src, "\uFEFF")) {
			rest := src[i+len(txMarker):]
			if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
				rest = rest[:nl]
			}
			return i, strings.TrimSpace(rest), true
		}
		from = i + len(txMarker)
	}
}
