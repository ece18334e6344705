package seed

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/lazyre"
)

// table is what seeding needs to know of one table.
type table struct {
	oid     uint32
	schema  string
	name    string
	cols    []*column
	uniques [][]int // column indexes of each primary key, unique constraint or unique index
	fks     []*fkey
	// checks are the CHECK constraints that could not be read as simple
	// bounds on one column; rows are inserted one by one when one fails.
	checks []string
}

func (t *table) qname() string { return pgx.Identifier{t.schema, t.name}.Sanitize() }

type column struct {
	num      int16
	name     string
	typ      string // format_type of the column
	base     string // base type name (domains resolved)
	category byte   // pg_type.typcategory of the base type
	elem     string // element type name of an array
	elemCat  byte
	typmod   int32 // of the base type
	notNull  bool
	def      string // default expression, "" when none
	identity byte   // 'a' always, 'd' by default, 0 none
	gend     bool   // generated column
	labels   []string

	// from CHECK constraints
	min, max   *float64
	oneOf      []string
	nonEmpty   bool
	unique     bool // alone or as part of a unique set
	fk         *fkey
	fkPosition int
}

// auto reports whether PostgreSQL fills the column itself: identity,
// serial (a nextval default) and generated columns.
func (c *column) auto() bool {
	return c.gend || c.identity != 0 || strings.HasPrefix(c.def, "nextval(")
}

type fkey struct {
	name    string
	cols    []int
	ref     uint32
	refCols []int16
}

// readTables reads every user table that is not a partition (rows go to
// the partitioned parent) and not part of an extension.
func readTables(ctx context.Context, conn *pgx.Conn) ([]*table, error) {
	tables, err := listTables(ctx, conn)
	if err != nil || len(tables) == 0 {
		return nil, err
	}
	byOID := map[uint32]*table{}
	oids := make([]uint32, len(tables))
	for i, t := range tables {
		byOID[t.oid] = t
		oids[i] = t.oid
	}
	if err := readColumns(ctx, conn, oids, byOID); err != nil {
		return nil, err
	}
	if err := readConstraints(ctx, conn, oids, byOID); err != nil {
		return nil, err
	}
	markKeyColumns(tables)
	return tables, nil
}

// listTables lists the tables readTables reads, without their columns.
func listTables(ctx context.Context, conn *pgx.Conn) ([]*table, error) {
	rows, err := conn.Query(ctx, `
SELECT c.oid, n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname`)
	if err != nil {
		return nil, err
	}
	var tables []*table
	for rows.Next() {
		t := &table{}
		if err := rows.Scan(&t.oid, &t.schema, &t.name); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return tables, nil
}

// readColumns reads the columns of the tables, in order, with what
// seeding needs of their types, defaults and domain CHECK constraints.
func readColumns(ctx context.Context, conn *pgx.Conn, oids []uint32, byOID map[uint32]*table) error {
	rows, err := conn.Query(ctx, `
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
       bt.typname, bt.typcategory, coalesce(et.typname, ''), coalesce(et.typcategory, ''),
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
       a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
       coalesce(pg_get_expr(ad.adbin, ad.adrelid), ''), a.attidentity::text, a.attgenerated <> '',
       coalesce((SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = bt.oid), '{}'),
       coalesce((SELECT array_agg(pg_get_constraintdef(k.oid)) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '{}')
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`, oids)
	if err != nil {
		return err
	}
	for rows.Next() {
		var oid uint32
		var cat, elemCat, ident string
		var domainChecks []string
		c := &column{}
		if err := rows.Scan(&oid, &c.num, &c.name, &c.typ, &c.base, &cat, &c.elem, &elemCat, &c.typmod, &c.notNull, &c.def, &ident, &c.gend, &c.labels, &domainChecks); err != nil {
			return err
		}
		c.category = firstByte(cat)
		c.elemCat = firstByte(elemCat)
		c.identity = firstByte(ident)
		t := byOID[oid]
		t.cols = append(t.cols, c)
		for _, def := range domainChecks {
			// A domain's CHECK constrains VALUE, which is this column.
			if !readCheck(t, strings.ReplaceAll(def, "VALUE", pgx.Identifier{c.name}.Sanitize())) {
				t.checks = append(t.checks, "domain check of "+c.name)
			}
		}
	}
	return rows.Err()
}

// readConstraints reads the keys, foreign keys and CHECK constraints of
// the tables, and the unique indexes that back no constraint.
func readConstraints(ctx context.Context, conn *pgx.Conn, oids []uint32, byOID map[uint32]*table) error {
	rows, err := conn.Query(ctx, `
SELECT conrelid, conname, contype::text, conkey, coalesce(confrelid, 0), coalesce(confkey, '{}'), pg_get_constraintdef(oid)
FROM pg_constraint
WHERE conrelid = ANY($1) AND contype IN ('p', 'u', 'f', 'c', 'x')
UNION ALL
SELECT i.indrelid, '', 'u', i.indkey::int2[], 0, '{}', ''
FROM pg_index i
WHERE i.indrelid = ANY($1) AND i.indisunique
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY 1, 2`, oids)
	if err != nil {
		return err
	}
	for rows.Next() {
		var oid, ref uint32
		var name, typ, def string
		var key, refKey []int16
		if err := rows.Scan(&oid, &name, &typ, &key, &ref, &refKey, &def); err != nil {
			return err
		}
		t := byOID[oid]
		switch typ {
		case "p", "u", "x":
			cols := t.colIndexes(key)
			if len(cols) > 0 {
				t.uniques = append(t.uniques, cols)
			}
			if typ == "p" {
				for _, i := range cols {
					t.cols[i].notNull = true
				}
			}
		case "f":
			t.fks = append(t.fks, &fkey{name: name, cols: t.colIndexes(key), ref: ref, refCols: refKey})
		case "c":
			if !readCheck(t, def) {
				t.checks = append(t.checks, name)
			}
		}
	}
	return rows.Err()
}

// colIndexes returns the positions in t.cols of the columns with the
// given attribute numbers.
func (t *table) colIndexes(nums []int16) []int {
	var out []int
	for _, n := range nums {
		for i, c := range t.cols {
			if c.num == n {
				out = append(out, i)
			}
		}
	}
	return out
}

// markKeyColumns marks the columns that take part in a unique set or a
// foreign key.
func markKeyColumns(tables []*table) {
	for _, t := range tables {
		for _, u := range t.uniques {
			for _, i := range u {
				t.cols[i].unique = true
			}
		}
		for _, fk := range t.fks {
			for pos, i := range fk.cols {
				t.cols[i].fk, t.cols[i].fkPosition = fk, pos
			}
		}
	}
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

var (
	checkCmp     = lazyre.New(`^\(?"?(\w+)"?\)? (>=|<=|>|<|<>|=) \(?'?(-?[0-9]+(?:\.[0-9]+)?)'?\)?(?:::[\w ]+)?$`)
	checkIn      = lazyre.New(`^\(?"?(\w+)"?\)?(?:::[\w ]+)? = ANY \(\(?ARRAY\[(.*)\]\)?(?:::[\w \[\]]+)?\)$`)
	checkNonNull = lazyre.New(`^"?(\w+)"? IS NOT NULL$`)
	checkLen     = lazyre.New(`^(?:char_length|length|btrim)\("?(\w+)"?\) (?:>|<>) 0$|^\(?"?(\w+)"?\)? <> ''(?:::[\w ]+)?$`)
	inItem       = lazyre.New(`'((?:[^']|'')*)'`)
)

// readCheck turns a simple CHECK constraint into bounds on one column:
// comparisons with a number, IN lists, IS NOT NULL, non-empty text, and
// conjunctions of these. It reports whether it understood the whole
// constraint.
func readCheck(t *table, def string) bool {
	def = strings.TrimSpace(strings.TrimSuffix(def, "NOT VALID"))
	if !strings.HasPrefix(def, "CHECK (") || !strings.HasSuffix(def, ")") {
		return false
	}
	expr := stripParens(def[len("CHECK (") : len(def)-1])
	parts := splitAnd(expr)
	col := func(name string) *column {
		for _, c := range t.cols {
			if c.name == name {
				return c
			}
		}
		return nil
	}
	type apply func()
	var todo []apply
	for _, p := range parts {
		p = stripParens(p)
		if m := checkCmp.FindStringSubmatch(p); m != nil {
			c := col(m[1])
			v, err := strconv.ParseFloat(m[3], 64)
			if c == nil || err != nil || c.category != 'N' {
				return false
			}
			op, step := m[2], c.step()
			todo = append(todo, func() {
				switch op {
				case ">":
					c.min = maxp(c.min, v+step)
				case ">=":
					c.min = maxp(c.min, v)
				case "<":
					c.max = minp(c.max, v-step)
				case "<=":
					c.max = minp(c.max, v)
				case "=":
					c.min, c.max = maxp(c.min, v), minp(c.max, v)
				case "<>":
					// Stay on the side of the value that holds more.
					if v <= 0 {
						c.min = maxp(c.min, v+step)
					} else {
						c.max = minp(c.max, v-step)
					}
				}
			})
			continue
		}
		if m := checkIn.FindStringSubmatch(p); m != nil {
			c := col(m[1])
			if c == nil {
				return false
			}
			var items []string
			for _, it := range inItem.FindAllStringSubmatch(m[2], -1) {
				items = append(items, strings.ReplaceAll(it[1], "''", "'"))
			}
			if len(items) == 0 {
				return false
			}
			todo = append(todo, func() { c.oneOf = items })
			continue
		}
		if m := checkNonNull.FindStringSubmatch(p); m != nil {
			c := col(m[1])
			if c == nil {
				return false
			}
			todo = append(todo, func() { c.notNull = true })
			continue
		}
		if m := checkLen.FindStringSubmatch(p); m != nil {
			c := col(m[1] + m[2])
			if c == nil {
				return false
			}
			todo = append(todo, func() { c.nonEmpty = true })
			continue
		}
		return false
	}
	for _, f := range todo {
		f()
	}
	return true
}

// step is the smallest difference between two values of a numeric column.
func (c *column) step() float64 {
	switch c.base {
	case "int2", "int4", "int8", "oid":
		return 1
	case "numeric":
		if c.typmod >= 4 {
			return math.Pow(10, -float64(int(c.typmod-4)&0xffff))
		}
	}
	return 0.001
}

func maxp(p *float64, v float64) *float64 {
	if p != nil && *p > v {
		return p
	}
	return &v
}

func minp(p *float64, v float64) *float64 {
	if p != nil && *p < v {
		return p
	}
	return &v
}

// stripParens removes parentheses that enclose the whole expression.
func stripParens(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' || closing(s, 0) != len(s)-1 {
			return s
		}
		s = s[1 : len(s)-1]
	}
}

// closing returns the index of the parenthesis that closes the one at i,
// skipping quoted text.
func closing(s string, i int) int {
	depth := 0
	inQuote := false
	for j := i; j < len(s); j++ {
		switch {
		case s[j] == '\'':
			inQuote = !inQuote
		case inQuote:
		case s[j] == '(':
			depth++
		case s[j] == ')':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// splitAnd splits an expression at top-level ANDs.
func splitAnd(s string) []string {
	var parts []string
	depth, start := 0, 0
	inQuote := false
	for j := 0; j < len(s); j++ {
		switch {
		case s[j] == '\'':
			inQuote = !inQuote
		case inQuote:
		case s[j] == '(':
			depth++
		case s[j] == ')':
			depth--
		case depth == 0 && strings.HasPrefix(s[j:], " AND "):
			parts = append(parts, s[start:j])
			start = j + len(" AND ")
		}
	}
	return append(parts, s[start:])
}

func (t *table) String() string { return fmt.Sprintf("%s.%s", t.schema, t.name) }
