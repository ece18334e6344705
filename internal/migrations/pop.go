package migrations

import (
	"path"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// gobuffalo/pop and ory/popx name a migration
// <version>_<name>[.<dialect>][.autocommit].(up|down).sql: a file without
// a dialect is for every database, one with a dialect only for that one,
// and for each version the file of the connection's dialect wins over the
// file for every database. migguard reads the set as pop runs it on
// PostgreSQL: the postgres files and the files for every database; the
// files of other dialects (mysql, sqlite3, cockroach, …) are another
// database's and are left out, neither linted nor reported as never run.
// pop runs each migration in a transaction; popx runs a .autocommit file
// outside one, sending it as one multi-statement string.

// popNameRx is pop's migration file name, with the dialect and the
// autocommit flag in groups 3 and 4.
var popNameRx = nameRx{lazyre.New(`^([0-9]+)_([^.]+)(\.[a-z0-9]+)?(\.autocommit)?\.(up|down)\.sql$`), matchPop}

// popPostgres are the names pop gives PostgreSQL's dialect.
var popPostgres = map[string]bool{"postgres": true, "postgresql": true, "pg": true}

// popDialects are the dialect names of pop and popx: a name with one of
// them marks a directory as pop's, as golang-migrate has no dialects.
var popDialects = map[string]bool{"postgres": true, "postgresql": true, "pg": true, "cockroach": true,
	"cockroachdb": true, "crdb": true, "mysql": true, "mariadb": true, "sqlite3": true, "sqlite": true,
	"yugabyte": true, "yugabytedb": true}

// popName reads a pop migration file name: its dialect ("" for every
// database) and whether it runs outside a transaction.
func popName(base string) (dialect string, autocommit, ok bool) {
	m := popNameRx.FindStringSubmatch(base)
	if m == nil {
		return "", false, false
	}
	dialect = strings.TrimPrefix(m[3], ".")
	if dialect == "autocommit" && m[4] == "" {
		return "", true, true
	}
	return dialect, m[4] != "", true
}

// popMember reports whether pop runs the file on PostgreSQL: its dialect
// is none or postgres.
func popMember(base string) bool {
	d, _, ok := popName(base)
	return ok && (d == "" || popPostgres[d])
}

// popOtherDialect reports whether a file is a pop migration for another
// database than PostgreSQL (or for a dialect pop does not know).
func popOtherDialect(base string) bool {
	d, _, ok := popName(base)
	return ok && d != "" && !popPostgres[d]
}

// isPopName reports whether a file name carries one of pop's dialects or
// its autocommit flag, which golang-migrate's names never do.
func isPopName(base string) bool {
	d, autocommit, ok := popName(base)
	return ok && (autocommit || popDialects[d])
}

// parsePop reads a pop file: the name says the direction and whether the
// file runs in a transaction.
func parsePop(f *File) {
	if _, autocommit, _ := popName(path.Base(f.Path)); autocommit {
		f.Tx, f.TxSource = TxImplicit, "pop .autocommit file: sent as one multi-statement string outside a transaction"
	} else {
		f.Tx, f.TxSource = TxWrapped, "pop default: each migration runs in a transaction"
	}
	splitByName(f)
}

// selectPop keeps, of the files of one version, the one pop runs on
// PostgreSQL: the postgres file over the file for every database. files
// are of one direction.
func selectPop(files []*File) []*File {
	specific := map[string]bool{}
	for _, f := range files {
		if d, _, _ := popName(path.Base(f.Path)); d != "" {
			specific[f.Version] = true
		}
	}
	if len(specific) == 0 {
		return files
	}
	out := files[:0]
	for _, f := range files {
		if d, _, _ := popName(path.Base(f.Path)); d == "" && specific[f.Version] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// ForOtherDatabase reports whether a file of a set of the format is
// written for another database than PostgreSQL, which the set's tool runs
// only there: pop's files of other dialects.
func ForOtherDatabase(format Format, base string) bool {
	return format == Pop && popOtherDialect(base)
}

// markPopPlaceholders sets EmptyOK on the files of versions that have
// files for other databases (names are the set's files): an empty
// PostgreSQL file there says that PostgreSQL needs nothing for the change.
func markPopPlaceholders(files []*File, names []string) {
	others := map[string]bool{}
	for _, n := range names {
		if base := path.Base(n); popOtherDialect(base) {
			version, _, _ := PopMigration(base)
			others[version] = true
		}
	}
	for _, f := range files {
		if others[f.Version] {
			f.EmptyOK = "pop: version " + f.Version + " has files for other databases"
		}
	}
}

// PopMigration returns the version and name of a pop migration file name,
// which all of the migration's files share (up and down, each database's).
func PopMigration(base string) (version, name string, ok bool) {
	m := popNameRx.FindStringSubmatch(base)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}
