package schema

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// nameDataLen is PostgreSQL's NAMEDATALEN: identifiers hold at most
// nameDataLen-1 bytes.
const nameDataLen = 64

// makeObjectName is PostgreSQL's makeObjectName: name1_name2_label, where
// the longer of name1 and name2 is shortened, a byte at a time and never
// inside a UTF-8 character, until the result fits in an identifier.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := nameDataLen - 1 - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail && n1+n2 > 0 {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	var b strings.Builder
	b.WriteString(clip(name1, n1))
	if name2 != "" {
		b.WriteByte('_')
		b.WriteString(clip(name2, n2))
	}
	if label != "" {
		b.WriteByte('_')
		b.WriteString(label)
	}
	return b.String()
}

// clip returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 character (pg_mbcliplen).
func clip(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// joinNames is ChooseIndexNameAddition and
// ChooseForeignKeyConstraintNameAddition: the names joined with "_",
// cut once the result reaches nameDataLen bytes.
func joinNames(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(c)
		if b.Len() >= nameDataLen {
			break
		}
	}
	return b.String()
}

// uniqueColNames is ChooseIndexColumnNames: a name per index column, with
// "expr" for an unnamed expression and a number appended to repeats.
func uniqueColNames(raw []string) []string {
	out := make([]string, 0, len(raw))
	for _, orig := range raw {
		if orig == "" {
			orig = "expr"
		}
		cur := orig
		for i := 1; slices.Contains(out, cur); i++ {
			suffix := strconv.Itoa(i)
			cur = clip(orig, nameDataLen-1-len(suffix)) + suffix
		}
		out = append(out, cur)
	}
	return out
}

// relationNameUsed reports whether a table, index, sequence or view of
// the schema has the name.
func (c *Catalog) relationNameUsed(schema, name string) bool {
	k := Key(schema, name)
	return c.tables[k] != nil || c.indexes[k] != nil || c.others[k]
}

// constraintNameUsed reports whether any table of the schema has a
// constraint of that name (PostgreSQL checks the whole namespace).
func (c *Catalog) constraintNameUsed(schema, name string) bool {
	if !c.conNames[name] {
		return false
	}
	for _, t := range c.tables {
		if t.Schema == schema && t.Constraint(name) != nil {
			return true
		}
	}
	return false
}

// chooseRelationName is ChooseRelationName: the first of name1_name2_label,
// name1_name2_label1, … that no relation of the schema (and, for an index
// that implements a constraint, no constraint) uses.
func (c *Catalog) chooseRelationName(schema, name1, name2, label string, isConstraint bool) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = label + strconv.Itoa(pass)
		}
		name := makeObjectName(name1, name2, l)
		if !c.relationNameUsed(schema, name) && !(isConstraint && c.constraintNameUsed(schema, name)) {
			return name
		}
	}
}

// chooseConstraintName is ChooseConstraintName for constraints without
// an index (CHECK and FOREIGN KEY).
func (c *Catalog) chooseConstraintName(schema, name1, name2, label string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = label + strconv.Itoa(pass)
		}
		name := makeObjectName(name1, name2, l)
		if !c.constraintNameUsed(schema, name) {
			return name
		}
	}
}

// indexName is ChooseIndexName: the name PostgreSQL gives an index that
// CREATE INDEX or a constraint leaves unnamed.
func (c *Catalog) indexName(schema, table string, cols []string, primary, exclusion, isConstraint bool) string {
	switch {
	case primary:
		return c.chooseRelationName(schema, table, "", "pkey", true)
	case exclusion:
		return c.chooseRelationName(schema, table, joinNames(cols), "excl", true)
	case isConstraint:
		return c.chooseRelationName(schema, table, joinNames(cols), "key", true)
	}
	return c.chooseRelationName(schema, table, joinNames(cols), "idx", false)
}

// note records the name of constraint con of table t and, for a foreign
// key, that t references another table.
func (c *Catalog) note(t *Table, con *Constraint) {
	c.conNames[con.Name] = true
	if con.RefTable != "" {
		c.noteRef(t, con.RefTable)
	}
}

// noteRef records that table t has had a foreign key to the table with
// key ref.
func (c *Catalog) noteRef(t *Table, ref string) {
	c.refBy[ref] = appendNew(c.refBy[ref], t)
}

// appendNew appends v to s unless it is s's last element. The lists of
// refBy and indexesOn may hold an element more than once (derive adds
// again what writes added): their readers drop the repeats. A list of
// one element takes 8 bytes where a set took a map of its own, and a
// large schema has tens of thousands.
func appendNew[T comparable](s []T, v T) []T {
	if n := len(s); n > 0 && s[n-1] == v {
		return s
	}
	return append(s, v)
}

// distinct calls f with each element of s once, in the order of s.
func distinct[T comparable](s []T, f func(T)) {
	if len(s) <= 16 {
		for i, v := range s {
			if !slices.Contains(s[:i], v) {
				f(v)
			}
		}
		return
	}
	seen := make(map[T]bool, len(s))
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			f(v)
		}
	}
}

// derive adds the foreign keys and indexes of the catalog to refBy and
// indexesOn when they may lack some (see underived). conNames needs no
// deriving: every constraint added to a catalog is noted in it, and
// snapshots and clones keep it whole.
func (c *Catalog) derive() {
	if !c.underived {
		return
	}
	c.underived = false
	for _, t := range c.tables {
		for _, con := range t.Constraints {
			if con.RefTable != "" {
				c.noteRef(t, con.RefTable)
			}
		}
	}
	for _, ix := range c.indexes {
		c.noteIndex(ix)
	}
}

// noteName records that a constraint has the given name.
func (c *Catalog) noteName(name string) { c.conNames[name] = true }

// noteIndex records that an index is on its table.
func (c *Catalog) noteIndex(ix *Index) {
	c.indexesOn[ix.Table] = appendNew(c.indexesOn[ix.Table], ix)
}

// referencing returns the tables of the catalog that may have a foreign
// key referencing the table with the given key.
func (c *Catalog) referencing(key string) []*Table {
	c.derive()
	var out []*Table
	distinct(c.refBy[key], func(t *Table) {
		if c.tables[t.Key()] == t {
			out = append(out, t)
		}
	})
	return out
}

// EachName calls fn with the name, without its schema, of every object the
// catalog holds: tables, indexes, sequences and views, enum types,
// functions, and every name a constraint has had. Schemas are left out.
func (c *Catalog) EachName(fn func(name string)) {
	for _, t := range c.tables {
		fn(t.Name)
	}
	for _, ix := range c.indexes {
		fn(ix.Name)
	}
	for _, e := range c.enums {
		fn(e.Name)
	}
	for k := range c.others {
		fn(k[strings.IndexByte(k, '.')+1:])
	}
	for k := range c.funcs {
		fn(k[strings.IndexByte(k, '.')+1:])
	}
	for n := range c.conNames {
		fn(n)
	}
}
