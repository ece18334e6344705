package project

import (
	"fmt"
	"io/fs"
	"iter"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/wire"
)

// Engine is a database engine that migration SQL is written for.
type Engine string

// The engines a set's dialect can name. migguard lints and replays only
// PostgreSQL sets; the others are left alone and listed as skipped.
const (
	PostgreSQL  Engine = "PostgreSQL"
	SQLite      Engine = "SQLite"
	MySQL       Engine = "MySQL"
	ClickHouse  Engine = "ClickHouse"
	SQLServer   Engine = "SQL Server"
	Oracle      Engine = "Oracle"
	CockroachDB Engine = "CockroachDB"
	OtherEngine Engine = "another database"
)

// Dialect says which engine a set's SQL is written for, and why.
type Dialect struct {
	Engine Engine
	// Why names the evidence: a directory name, the driver of the Go
	// package that embeds the set, a statement only that engine accepts;
	// "" for a PostgreSQL set with no evidence either way.
	Why string
}

// IsPostgreSQL reports whether migguard lints and replays the set.
func (d Dialect) IsPostgreSQL() bool { return d.Engine == PostgreSQL }

// Skipped says why a set of another dialect is skipped, as the commands
// tell it: `SQLite (directory name "sqlite"), not PostgreSQL`.
func (d Dialect) Skipped() string { return d.String() + ", not PostgreSQL" }

func (d Dialect) String() string {
	if d.Why == "" {
		return string(d.Engine)
	}
	return string(d.Engine) + " (" + d.Why + ")"
}

// Dialect returns the engine the set's SQL is written for. A set named
// under sets: in the configuration is PostgreSQL: the configuration says
// so. For a discovered set the evidence is, in this order:
//
//   - the names of its directory and the directories above it, the
//     nearest first (db/sqlite/migrations is SQLite, migrations/postgres
//     PostgreSQL);
//   - statements only another engine accepts (AUTOINCREMENT, ENGINE =
//     InnoDB, ENGINE = MergeTree, …), outside comments and strings,
//     when they outnumber the statements only PostgreSQL accepts;
//   - the database drivers that the Go packages embedding the directory
//     import or open, when they name one engine.
//
// Without evidence a set is PostgreSQL.
func (s *Set) Dialect() Dialect {
	s.dialectOnce.Do(func() { s.dialect = s.findDialect() })
	return s.dialect
}

func (s *Set) findDialect() Dialect {
	if s.Config != nil {
		return Dialect{Engine: PostgreSQL, Why: "configured under sets:"}
	}
	if d, ok := dialectOfPath(s.Dir); ok {
		return d
	}
	return s.dialectOfFiles()
}

// dialectOfFiles reads the engine from the set's SQL files, else from the
// Go code that embeds them, else takes PostgreSQL. With a cache it is
// kept under what it read (see migrations.Memoized): the pre-commit hooks
// of a repository whose set lies deep in its Go packages read those
// packages once, not in every hook of every commit.
func (s *Set) dialectOfFiles() Dialect {
	p := s.project
	if p.Cache == nil {
		return s.readDialect()
	}
	k := wire.NewHash("set dialect v1")
	k.Str(s.Dir)
	k.Str(string(s.Format))
	k.Bool(s.Alembic != nil)
	k.Bool(s.Recursive())
	for _, d := range s.Dirs() {
		k.Str(d)
	}
	for _, g := range p.Config.Ignore {
		k.Str(g)
	}
	sum := k.Sum()
	out := migrations.Memoized(p.Cache, p.FS, string(sum[:]), func(fsys fs.FS) []byte {
		// The same set, reading through fsys.
		rs := &Set{Dir: s.Dir, Format: s.Format, Config: s.Config, Alembic: s.Alembic, project: p.At(fsys)}
		d := rs.readDialect()
		var e wire.Encoder
		e.Str(string(d.Engine))
		e.Str(d.Why)
		return e.B
	})
	dec := wire.Decoder{B: string(out)}
	d := Dialect{Engine: Engine(dec.Str()), Why: dec.Str()}
	if !dec.Done() {
		return s.readDialect()
	}
	return d
}

// readDialect is dialectOfFiles without the cache.
func (s *Set) readDialect() Dialect {
	if s.Alembic == nil {
		if d, ok := s.dialectOfSyntax(); ok {
			return d
		}
	}
	if d, ok := s.dialectOfDrivers(); ok {
		return d
	}
	return Dialect{Engine: PostgreSQL}
}

// enginesByName maps words of directory names to engines.
var enginesByName = map[string]Engine{
	"postgres": PostgreSQL, "postgresql": PostgreSQL, "pg": PostgreSQL, "pgsql": PostgreSQL, "psql": PostgreSQL,
	"postgre": PostgreSQL, "timescale": PostgreSQL, "timescaledb": PostgreSQL,
	"sqlite": SQLite, "sqlite3": SQLite,
	"mysql": MySQL, "mariadb": MySQL, "tidb": MySQL,
	"clickhouse": ClickHouse, "ch": ClickHouse,
	"mssql": SQLServer, "sqlserver": SQLServer, "tsql": SQLServer,
	"oracle": Oracle, "cockroach": CockroachDB, "cockroachdb": CockroachDB, "crdb": CockroachDB,
	"duckdb": OtherEngine, "spanner": OtherEngine, "snowflake": OtherEngine, "bigquery": OtherEngine,
	"redshift": OtherEngine, "cassandra": OtherEngine, "scylla": OtherEngine, "cql": OtherEngine,
}

// dialectOfPath reads the engine from the nearest directory name of dir
// that names one, by its words (db_sqlite3, mysql-migrations).
func dialectOfPath(dir string) (Dialect, bool) {
	segs := strings.Split(path.Clean(dir), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		for _, w := range strings.FieldsFunc(strings.ToLower(segs[i]), func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' }) {
			if e, ok := enginesByName[w]; ok {
				return Dialect{Engine: e, Why: fmt.Sprintf("directory name %q", segs[i])}, true
			}
		}
	}
	return Dialect{}, false
}

// syntaxMarks are statements or clauses that only one engine accepts.
// PostgreSQL's count against the others: a PostgreSQL set that quotes an
// AUTO_INCREMENT column of a foreign table stays PostgreSQL.
var syntaxMarks = []struct {
	engine Engine
	rx     *lazyre.Regexp
	// weak marks count only in a file with no other engine's mark:
	// ClickHouse quotes identifiers with backticks too.
	weak bool
	// may is false for code in which rx cannot match, judged from words
	// that every match holds: running the expressions is most of the
	// cost of reading a set, and most files hold none of the words. It is
	// given the code and the code in lower case, and asked only about
	// code that is all ASCII (case-insensitive matching folds a few other
	// letters onto ASCII ones).
	may func(code, lower string) bool
}{
	{SQLite, lazyre.New(`(?i)\bAUTOINCREMENT\b|\bPRAGMA\s+\w|\bWITHOUT\s+ROWID\b|\bINSERT\s+OR\s+(?:REPLACE|IGNORE)\b`), false,
		func(_, l string) bool {
			return has(l, "autoincrement", "pragma", "rowid") || insertOr(l)
		}},
	{MySQL, lazyre.New("(?i)\\bAUTO_INCREMENT\\b|\\bENGINE\\s*=\\s*(?:InnoDB|MyISAM|Aria|MEMORY)\\b|\\bDEFAULT\\s+CHARSET\\b|\\bUNSIGNED\\b|\\bON\\s+UPDATE\\s+CURRENT_TIMESTAMP\\b|\\b(?:TINY|MEDIUM|LONG)(?:INT|TEXT|BLOB)\\b"), false,
		func(_, l string) bool {
			return has(l, "auto_increment", "charset", "unsigned",
				"tinyint", "tinytext", "tinyblob", "mediumint", "mediumtext", "mediumblob", "longint", "longtext", "longblob") ||
				followedBy(l, "engine", "=") || followedBy(l, "update", "current_timestamp")
		}},
	{ClickHouse, lazyre.New(`\bENGINE\s*=\s*(?:\w*MergeTree|Log|TinyLog|Memory|Distributed|Kafka|Null)\b|\bLowCardinality\s*\(|\bNullable\s*\(|\bON\s+CLUSTER\b|\bU?Int(?:8|16|32|64|128|256)\b|\bDateTime64\b`), false,
		func(c, _ string) bool {
			return has(c, "ENGINE", "LowCardinality", "Nullable", "CLUSTER", "Int8", "Int16", "Int32", "Int64", "Int128", "Int256", "DateTime64")
		}},
	{SQLServer, lazyre.New(`(?im)\bNVARCHAR\b|\bIDENTITY\s*\(\s*\d|^\s*GO\s*$|\[dbo\]|\bGETDATE\s*\(`), false,
		func(_, l string) bool {
			return has(l, "nvarchar", "[dbo]", "getdate") || followedBy(l, "identity", "(") || goLine(l)
		}},
	{PostgreSQL, lazyre.New(`(?i)\b(?:BIG|SMALL)?SERIAL\b|\bJSONB\b|\bTIMESTAMPTZ\b|\bCREATE\s+EXTENSION\b|\bCONCURRENTLY\b|\bplpgsql\b|\bBYTEA\b|::\s*(?:regclass|text|jsonb|int)\b|\bUSING\s+(?:gin|gist|brin)\b`), false,
		func(_, l string) bool {
			return has(l, "serial", "jsonb", "timestamptz", "extension", "concurrently", "plpgsql", "bytea") ||
				followedBy(l, "::", "regclass", "text", "int") || followedBy(l, "using", "gin", "gist", "brin")
		}},
	{MySQL, lazyre.New("`\\w+`"), true, func(c, _ string) bool { return has(c, "`") }},
}

// has reports whether s holds any of the words.
func has(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// followedBy reports whether lower-case code holds word followed, after
// any white space, by one of nexts, and a next that ends in a letter by
// no letter, digit or underscore: what an expression's words separated by
// \s* or \s+ and ended by \b or \s need. Words such as "update", "using"
// or "::" are common in PostgreSQL code; the pairs are not.
func followedBy(lower, word string, nexts ...string) bool {
	for at := range occurrences(lower, word) {
		rest := strings.TrimLeft(lower[at+len(word):], " \t\n\r\f\v")
		for _, n := range nexts {
			if strings.HasPrefix(rest, n) && (!isWordByte(n[len(n)-1]) || len(rest) == len(n) || !isWordByte(rest[len(n)])) {
				return true
			}
		}
	}
	return false
}

// occurrences yields the offset of each occurrence of word in s, in
// order; the search goes on after the word.
func occurrences(s, word string) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; ; {
			j := strings.Index(s[i:], word)
			if j < 0 || !yield(i+j) {
				return
			}
			i += j + len(word)
		}
	}
}

// isWordByte reports whether b is a letter, digit or underscore of ASCII:
// what \b tells from other characters.
func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// insertOr reports whether lower-case code holds INSERT OR REPLACE or
// INSERT OR IGNORE, white space aside, as SQLite's expression needs: a
// PostgreSQL trigger's BEFORE INSERT OR UPDATE, in most sets that have
// triggers, does not run it.
func insertOr(lower string) bool {
	for at := range occurrences(lower, "insert") {
		rest, ok := strings.CutPrefix(strings.TrimLeft(lower[at+len("insert"):], " \t\n\r\f\v"), "or")
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " \t\n\r\f\v")
		if strings.HasPrefix(rest, "replace") || strings.HasPrefix(rest, "ignore") {
			return true
		}
	}
	return false
}

// goLine reports whether a line of lower-case code is go alone, spaces
// aside: SQL Server's batch separator.
func goLine(lower string) bool {
	for at := range occurrences(lower, "go") {
		if strings.TrimLeft(lower[strings.LastIndexByte(lower[:at], '\n')+1:at], " \t\f\r\v") == "" {
			rest := lower[at+2:]
			if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
				rest = rest[:nl]
			}
			if strings.TrimRight(rest, " \t\f\r\v") == "" {
				return true
			}
		}
	}
	return false
}

// asciiLower returns s in lower case and true when s is all ASCII.
func asciiLower(s string) (string, bool) {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b), true
}

// maxSyntaxFiles bounds how many files the syntax evidence reads, the
// first in name order: the first migrations of a set create its tables,
// where the engine shows most.
const maxSyntaxFiles = 24

// maxSyntaxBytes bounds how much of each file the syntax evidence reads:
// a file's first statements show its engine as well as the rest, and a
// schema dump of tens of megabytes is not read whole (nor copied twice,
// stripped and in lower case) to name it.
const maxSyntaxBytes = 256 << 10

// dialectOfSyntax counts the marks of each engine in the set's .sql files.
// PostgreSQL's marks only count against another engine's: the files are
// first looked at for the other engines' marks alone, and counted in full
// only when one may be there.
func (s *Set) dialectOfSyntax() (Dialect, bool) {
	names := s.sqlFiles(maxSyntaxFiles)
	other := false
	for _, name := range names {
		if code, lower, ascii, ok := s.syntaxText(name); ok && otherEngineMay(code, lower, ascii) {
			other = true
			break
		}
	}
	if !other {
		return Dialect{}, false
	}
	return s.countMarks(names)
}

// countMarks counts every engine's marks in the files: one vote per engine
// and file, a weak mark only in a file without another. The engine with
// the most votes, more than PostgreSQL's, is the set's.
func (s *Set) countMarks(names []string) (Dialect, bool) {
	votes := map[Engine]int{}
	first := map[Engine]string{}
	for _, name := range names {
		code, lower, ascii, ok := s.syntaxText(name)
		if !ok {
			continue
		}
		seen := map[Engine]bool{}
		for _, m := range syntaxMarks {
			if ascii && !m.may(code, lower) {
				continue
			}
			loc := m.rx.FindStringIndex(code)
			if loc == nil || seen[m.engine] || m.weak && len(seen) > 0 {
				continue
			}
			seen[m.engine] = true
			votes[m.engine]++
			if first[m.engine] == "" {
				line := 1 + strings.Count(code[:loc[0]], "\n")
				first[m.engine] = fmt.Sprintf("%s in %s:%d", strings.TrimSpace(code[loc[0]:loc[1]]), name, line)
			}
		}
	}
	best, n := Engine(""), 0
	for e, v := range votes {
		if e != PostgreSQL && (v > n || v == n && e < best) {
			best, n = e, v
		}
	}
	if n == 0 || n <= votes[PostgreSQL] {
		return Dialect{}, false
	}
	return Dialect{Engine: best, Why: first[best] + ", which only " + string(best) + " accepts"}, true
}

// syntaxText reads the head of a file for its syntax marks: its code
// without comments and strings, that in lower case, and whether it is all
// ASCII; ok is false when it cannot be read.
func (s *Set) syntaxText(name string) (code, lower string, ascii, ok bool) {
	data, err := migrations.ReadHead(s.project.FS, name, maxSyntaxBytes)
	if err != nil {
		return "", "", false, false
	}
	code = stripCommentsAndStrings(string(data))
	lower, ascii = asciiLower(code)
	return code, lower, ascii, true
}

// otherEngineMay reports whether code may hold the mark of an engine other
// than PostgreSQL: a strong mark that matches, or a weak one whose
// shortcut does not rule it out (whether it counts depends on PostgreSQL's
// marks in the same file).
func otherEngineMay(code, lower string, ascii bool) bool {
	for _, m := range syntaxMarks {
		switch {
		case m.engine == PostgreSQL || ascii && !m.may(code, lower):
		case m.weak || m.rx.MatchString(code):
			return true
		}
	}
	return false
}

// sqlFiles returns the first n .sql files in the set's reach, sorted,
// leaving out those its tool runs only on another database (pop's
// mysql files). A
// walk visits names in order, so it stops after n files in each directory.
func (s *Set) sqlFiles(n int) []string {
	var out []string
	for _, d := range s.Dirs() {
		found := 0
		_ = fs.WalkDir(s.project.FS, d, func(p string, e fs.DirEntry, err error) error {
			if found == n {
				return fs.SkipAll
			}
			if err != nil {
				return nil
			}
			if e.IsDir() {
				if p != d && (!s.Holds(path.Join(p, "x.sql")) || s.project.skipDir(p)) {
					return fs.SkipDir
				}
				return nil
			}
			if strings.EqualFold(path.Ext(p), ".sql") && s.Holds(p) && !migrations.ForOtherDatabase(s.Format, path.Base(p)) {
				out = append(out, p)
				found++
			}
			return nil
		})
	}
	sort.Strings(out)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// stripCommentsAndStrings blanks SQL comments and the contents of quoted
// strings, keeping line breaks, so that marks are found in code only.
func stripCommentsAndStrings(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); {
		switch {
		case b[i] == '-' && i+1 < len(b) && b[i+1] == '-':
			for i < len(b) && b[i] != '\n' {
				b[i] = ' '
				i++
			}
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			for i < len(b) && !(b[i] == '*' && i+1 < len(b) && b[i+1] == '/') {
				if b[i] != '\n' {
					b[i] = ' '
				}
				i++
			}
			for k := i; k < len(b) && k < i+2; k++ {
				b[k] = ' '
			}
			i += 2
		case b[i] == '\'':
			i++
			for i < len(b) {
				if b[i] == '\'' {
					if i+1 < len(b) && b[i+1] == '\'' {
						b[i], b[i+1] = ' ', ' '
						i += 2
						continue
					}
					break
				}
				if b[i] != '\n' {
					b[i] = ' '
				}
				i++
			}
			i++
		default:
			i++
		}
	}
	return string(b)
}

// driverImports maps the import paths of database drivers, and of the
// dialects of ORMs and migration tools, to their engines: a prefix ends
// with "/".
var driverImports = []struct {
	prefix string
	engine Engine
}{
	{"github.com/lib/pq", PostgreSQL}, {"github.com/jackc/pgx/", PostgreSQL}, {"github.com/jackc/pgconn", PostgreSQL},
	{"gorm.io/driver/postgres", PostgreSQL}, {"github.com/go-pg/pg/", PostgreSQL},
	{"github.com/uptrace/bun/dialect/pgdialect", PostgreSQL}, {"github.com/uptrace/bun/driver/pgdriver", PostgreSQL},
	{"github.com/golang-migrate/migrate/v4/database/postgres", PostgreSQL}, {"github.com/golang-migrate/migrate/v4/database/pgx", PostgreSQL},
	{"github.com/mattn/go-sqlite3", SQLite}, {"modernc.org/sqlite", SQLite}, {"github.com/glebarez/sqlite", SQLite},
	{"github.com/glebarez/go-sqlite", SQLite}, {"gorm.io/driver/sqlite", SQLite}, {"github.com/ncruces/go-sqlite3", SQLite},
	{"zombiezen.com/go/sqlite", SQLite}, {"crawshaw.io/sqlite", SQLite},
	{"github.com/uptrace/bun/dialect/sqlitedialect", SQLite}, {"github.com/uptrace/bun/driver/sqliteshim", SQLite},
	{"github.com/golang-migrate/migrate/v4/database/sqlite", SQLite},
	{"github.com/go-sql-driver/mysql", MySQL}, {"gorm.io/driver/mysql", MySQL}, {"github.com/uptrace/bun/dialect/mysqldialect", MySQL},
	{"github.com/golang-migrate/migrate/v4/database/mysql", MySQL},
	{"github.com/ClickHouse/clickhouse-go", ClickHouse}, {"github.com/uptrace/go-clickhouse", ClickHouse},
	{"gorm.io/driver/clickhouse", ClickHouse}, {"github.com/mailru/go-clickhouse", ClickHouse},
	{"github.com/golang-migrate/migrate/v4/database/clickhouse", ClickHouse},
	{"github.com/denisenkom/go-mssqldb", SQLServer}, {"github.com/microsoft/go-mssqldb", SQLServer},
	{"gorm.io/driver/sqlserver", SQLServer}, {"github.com/uptrace/bun/dialect/mssqldialect", SQLServer},
}

// driverEngine returns the engine of a driver's import path.
func driverEngine(imp string) (Engine, bool) {
	for _, d := range driverImports {
		if imp == strings.TrimSuffix(d.prefix, "/") || strings.HasPrefix(imp, strings.TrimSuffix(d.prefix, "/")+"/") {
			return d.engine, true
		}
	}
	return "", false
}

// driverNames are the driver and dialect names that code passes to
// sql.Open, goose.SetDialect, sql-migrate's Exec and the like.
var driverNames = map[string]Engine{
	"postgres": PostgreSQL, "postgresql": PostgreSQL, "pgx": PostgreSQL, "pq": PostgreSQL, "pgx/v5": PostgreSQL,
	"sqlite3": SQLite, "sqlite": SQLite, "mysql": MySQL, "clickhouse": ClickHouse, "mssql": SQLServer, "sqlserver": SQLServer,
}

// dialectCalls find driver names in calls: sql.Open("sqlite3", …),
// goose.SetDialect("mysql"), migrate.Exec(db, "postgres", …), and goose's
// Dialect constants.
var dialectCalls = lazyre.New(`\b(?:sql|sqlx)\.(?:Open|Connect|MustConnect|MustOpen)\(\s*"([\w/]+)"|\bSetDialect\(\s*"(\w+)"|\bmigrate\.Exec(?:Max)?\(\s*\w+\s*,\s*"(\w+)"|\bgoose\.Dialect(Postgres|SQLite3|MySQL|ClickHouse|MSSQL)\b`)

// dialectCallWords are words that every match of dialectCalls holds.
var dialectCallWords = []string{"sql.Open(", "sql.Connect(", "sql.MustConnect(", "sql.MustOpen(",
	"sqlx.Open(", "sqlx.Connect(", "sqlx.MustConnect(", "sqlx.MustOpen(", "SetDialect(", "migrate.Exec", "goose.Dialect"}

// findDialectCalls returns dialectCalls's matches in src. The expression
// runs only on a file that holds one of its words: its alternatives have
// no literal prefix for the regexp package to search for, and scanning
// every line of a package's Go files with it was most of a hook's time in
// a repository whose migrations a large package embeds.
func findDialectCalls(src string) [][]string {
	for _, w := range dialectCallWords {
		if strings.Contains(src, w) {
			return dialectCalls.FindAllStringSubmatch(src, -1)
		}
	}
	return nil
}

// dialectOfDrivers reads the engine from the Go packages that embed the
// set's directory: the drivers they import and the driver names they
// pass, when all name one engine.
func (s *Set) dialectOfDrivers() (Dialect, bool) {
	found := map[Engine]string{}
	for _, dir := range s.embedders() {
		for _, f := range goFiles(s.project.FS, dir) {
			data, err := fs.ReadFile(s.project.FS, f)
			if err != nil {
				continue
			}
			for _, imp := range importPaths(string(data)) {
				if e, ok := driverEngine(imp); ok && found[e] == "" {
					found[e] = fmt.Sprintf("%s imports %s", f, imp)
				}
			}
			for _, m := range findDialectCalls(string(data)) {
				name := strings.ToLower(m[1] + m[2] + m[3] + m[4])
				if e, ok := driverNames[name]; ok && found[e] == "" {
					found[e] = fmt.Sprintf("%s uses the %s driver", f, strconv.Quote(name))
				}
			}
		}
	}
	if len(found) != 1 {
		return Dialect{}, false
	}
	for e, why := range found {
		if e != PostgreSQL {
			return Dialect{Engine: e, Why: why}, true
		}
	}
	return Dialect{}, false
}

// Embedded reports whether Go code of the project embeds the set's files
// with //go:embed: the set a program runs, where a set nobody embeds may
// be a stale copy kept for reference.
func (s *Set) Embedded() bool { return len(s.embedders()) > 0 }

// embedders returns the directories of the Go packages whose //go:embed
// patterns reach into the set's directory: the directory itself or one
// above it, as embed patterns never leave their package's directory.
func (s *Set) embedders() []string {
	var out []string
	for d := path.Clean(s.Dir); ; d = path.Dir(d) {
		for _, f := range goFiles(s.project.FS, d) {
			data, err := fs.ReadFile(s.project.FS, f)
			if err != nil {
				continue
			}
			if embedsInto(string(data), d, s.Dir) {
				out = append(out, d)
				break
			}
		}
		if d == "." || d == "/" {
			return out
		}
	}
}

// goFiles returns the Go files of directory dir that are not tests.
func goFiles(fsys fs.FS, dir string) []string {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			out = append(out, path.Join(dir, n))
		}
	}
	return out
}

// embedsInto reports whether a //go:embed line of a Go file in directory
// pkg names a path in or below target, or a pattern whose directory part
// is target.
func embedsInto(src, pkg, target string) bool {
	for _, line := range strings.Split(src, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//go:embed ")
		if !ok {
			continue
		}
		for _, p := range strings.Fields(rest) {
			p = strings.Trim(strings.TrimPrefix(strings.Trim(p, "`\""), "all:"), "`\"")
			full := path.Join(pkg, p)
			for q := full; ; q = path.Dir(q) {
				if ok, _ := path.Match(q, target); ok || q == target {
					return true
				}
				if q == "." || q == "/" || q == pkg {
					break
				}
			}
			if strings.HasPrefix(full, target+"/") {
				return true
			}
		}
	}
	return false
}

var importRx = lazyre.New(`(?m)^\s*(?:import\s+)?(?:[\w.]+\s+)?"([^"\s]+)"\s*$`)

// importPaths returns the import paths of a Go file's import block, read
// from its text (the file need not compile).
func importPaths(src string) []string {
	head := src
	if i := strings.Index(src, "\nfunc "); i >= 0 {
		head = src[:i]
	}
	var out []string
	for _, m := range importRx.FindAllStringSubmatch(head, -1) {
		if strings.Contains(m[1], ".") || strings.Contains(m[1], "/") {
			out = append(out, m[1])
		}
	}
	return out
}
