package usage

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/rules"
)

// sqlVerbs are the first words of the SQL that uses tables: queries and
// data changes. DDL in strings is migrations, not uses.
var sqlVerbs = []string{"select", "insert", "update", "delete", "with"}

// maySQL reports whether a source may hold a query: one of its language's
// two quote characters (goQuotes, pythonQuotes) followed by a query's
// verb.
func maySQL(src []byte, quotes *[2]byte) bool {
	// The next of each quote is found with IndexByte, which is
	// vectorised, unlike IndexAny of two bytes; each is looked for again
	// once passed.
	next := [2]int{nextByte(src, 0, quotes[0]), nextByte(src, 0, quotes[1])}
	for {
		k := 0
		if next[1] < next[0] {
			k = 1
		}
		i := next[k]
		if i == len(src) {
			return false
		}
		// The bytes after the quote are looked at in place: a file of
		// thousands of strings costs no copy of each.
		if rest := src[i+1 : min(len(src), i+64)]; len(rest) > 0 && looksLikeQuery(unsafe.String(&rest[0], len(rest))) {
			return true
		}
		next[k] = nextByte(src, i+1, quotes[k])
	}
}

// The quotes that start a string that may hold SQL: Go's double quote
// and backquote (a single quote is a rune), Python's single and double
// quotes (its triple quotes start with them).
var (
	goQuotes     = &[2]byte{'"', '`'}
	pythonQuotes = &[2]byte{'\'', '"'}
)

// nextByte returns the offset of the first c in src at or after from, or
// len(src).
func nextByte(src []byte, from int, c byte) int {
	if j := bytes.IndexByte(src[from:], c); j >= 0 {
		return from + j
	}
	return len(src)
}

// verbStart marks the first letters of sqlVerbs, lower case.
var verbStart = func() (t [256]bool) {
	for _, v := range sqlVerbs {
		t[v[0]] = true
	}
	return t
}()

// asciiSpace reports whether c is white space for unicode.IsSpace.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// looksLikeQuery reports whether a string starts with a query's verb
// followed by a space.
func looksLikeQuery(s string) bool {
	// Most strings are ruled out by their first letter, without decoding
	// them: white space past ASCII's is looked for only when a string
	// starts with a byte outside ASCII.
	i := 0
	for i < len(s) && asciiSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return false
	}
	switch c := s[i]; {
	case c >= utf8.RuneSelf:
		s = strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	case !verbStart[c|0x20]:
		return false
	default:
		s = s[i:]
	}
	for _, v := range sqlVerbs {
		if len(s) > len(v) && strings.EqualFold(s[:len(v)], v) && (s[len(v)] == ' ' || s[len(v)] == '\n' || s[len(v)] == '\t' || s[len(v)] == '\r') {
			return true
		}
	}
	return false
}

// sql adds the tables and columns that the SQL of a string at line names.
func (ix *Index) sql(path string, line int, s string) {
	if len(s) > 64<<10 || !looksLikeQuery(s) {
		return
	}
	u := rules.CodeUse{Path: path, Line: line, What: "query " + quoteQuery(s)}
	for _, st := range pgparse.Parse(placeholders(s)) {
		if st.Err != nil || st.Node == nil {
			continue
		}
		q := &query{ix: ix, use: u, ctes: map[string]bool{}}
		pgparse.Walk(st.Node, func(n *pgparse.Node) bool {
			if c := n.GetCommonTableExpr(); c != nil {
				q.ctes[c.Ctename] = true
			}
			return true
		})
		q.level(st.Node, nil)
	}
}

// quoteQuery is the start of a query on one line, quoted, for messages.
func quoteQuery(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 60
	if len(s) > max {
		cut := strings.LastIndexByte(s[:max], ' ')
		if cut < max/2 {
			cut = max
		}
		s = s[:cut] + " …"
	}
	return `"` + s + `"`
}

// placeholders turns the placeholders that PostgreSQL does not parse (?
// of database/sql drivers, GORM and bun; :name of sqlx and SQLAlchemy's
// text(); %s and %(name)s of psycopg) into $1, outside quotes.
func placeholders(s string) string {
	var b strings.Builder
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			b.WriteString("$1")
			continue
		case c == '%' && i+1 < len(s) && s[i+1] == 's':
			b.WriteString("$1")
			i++
			continue
		case c == '%' && i+1 < len(s) && s[i+1] == '(':
			if j := strings.Index(s[i:], ")s"); j > 0 {
				b.WriteString("$1")
				i += j + 1
				continue
			}
		case c == ':' && i+1 < len(s) && isIdentStart(s[i+1]) && (i == 0 || s[i-1] != ':'):
			j := i + 1
			for j < len(s) && (isIdentStart(s[j]) || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			b.WriteString("$1")
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// query collects the uses of one SQL statement.
type query struct {
	ix   *Index
	use  rules.CodeUse
	ctes map[string]bool
}

// scope is one query level: the relations of its FROM (or the target of
// an INSERT, UPDATE or DELETE), and the column references to resolve
// against them.
type scope struct {
	outer *scope
	rels  []rel
	refs  [][]string
}

type rel struct{ schema, name, alias string }

// level reads a statement or subquery n whose enclosing level is outer.
func (q *query) level(n *pgparse.Node, outer *scope) {
	sc := &scope{outer: outer}
	var target *pgparse.RangeVar
	var cols []*pgparse.Node
	switch {
	case n.GetInsertStmt() != nil:
		target, cols = n.GetInsertStmt().Relation, n.GetInsertStmt().Cols
	case n.GetUpdateStmt() != nil:
		target, cols = n.GetUpdateStmt().Relation, n.GetUpdateStmt().TargetList
	case n.GetDeleteStmt() != nil:
		target = n.GetDeleteStmt().Relation
	}
	if target != nil {
		r := q.add(sc, target)
		var names []string
		for _, c := range cols {
			if rt := c.GetResTarget(); rt != nil && r != nil {
				q.ix.addColumn(r.schema, r.name, rt.Name, q.use)
				names = append(names, rt.Name)
			}
		}
		if r != nil && n.GetInsertStmt() != nil {
			q.ix.addInsert(r.schema, r.name, rules.CodeInsert{CodeUse: q.use, Columns: names, Positional: len(cols) == 0})
		}
	}
	pgparse.Walk(n, func(x *pgparse.Node) bool {
		if x == n {
			return true
		}
		switch {
		case x.GetSelectStmt() != nil, x.GetInsertStmt() != nil, x.GetUpdateStmt() != nil, x.GetDeleteStmt() != nil:
			q.level(x, sc)
			return false
		case x.GetRangeVar() != nil:
			q.add(sc, x.GetRangeVar())
		case x.GetColumnRef() != nil:
			var names []string
			for _, f := range x.GetColumnRef().Fields {
				s := f.GetString_()
				if s == nil {
					names = nil // a star
					break
				}
				names = append(names, s.Sval)
			}
			if names != nil {
				sc.refs = append(sc.refs, names)
			}
		}
		return true
	})
	for _, ref := range sc.refs {
		q.resolve(sc, ref)
	}
}

// add records a relation of a level, unless it names a CTE.
func (q *query) add(sc *scope, rv *pgparse.RangeVar) *rel {
	if rv.Schemaname == "" && q.ctes[rv.Relname] {
		return nil
	}
	r := rel{schema: rv.Schemaname, name: rv.Relname}
	if rv.Alias != nil {
		r.alias = rv.Alias.Aliasname
	}
	sc.rels = append(sc.rels, r)
	q.ix.addTable(r.schema, r.name, q.use)
	return &sc.rels[len(sc.rels)-1]
}

// resolve records the column a reference names: qualified, of the
// relation its qualifier names at this level or an enclosing one;
// unqualified, of every relation of the nearest level that has any.
func (q *query) resolve(sc *scope, ref []string) {
	switch len(ref) {
	case 1:
		for s := sc; s != nil; s = s.outer {
			if len(s.rels) == 0 {
				continue
			}
			for _, r := range s.rels {
				q.ix.addColumn(r.schema, r.name, ref[0], q.use)
			}
			return
		}
	case 2, 3:
		col := ref[len(ref)-1]
		for s := sc; s != nil; s = s.outer {
			for _, r := range s.rels {
				if len(ref) == 2 && (r.alias == ref[0] || r.alias == "" && r.name == ref[0]) ||
					len(ref) == 3 && r.alias == "" && r.schema == ref[0] && r.name == ref[1] {
					q.ix.addColumn(r.schema, r.name, col, q.use)
					return
				}
			}
		}
	}
}

// splitTable splits a model's "schema.table".
func splitTable(t string) (string, string) {
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[:i], t[i+1:]
	}
	return "", t
}
