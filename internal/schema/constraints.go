package schema

import (
	"github.com/migguard/migguard/internal/pgparse"
)

// addConstraint adds a constraint written on table t, on column col when
// col is not "". creating is true inside CREATE TABLE, where every
// constraint is valid from the start; recurse is false for ALTER TABLE
// ONLY, otherwise the constraint reaches the partitions too.
func (r *replay) addConstraint(t *Table, con *pgparse.Constraint, col string, creating, recurse bool) {
	switch con.Contype {
	case pgparse.ConstrType_CONSTR_CHECK:
		r.addCheck(t, con, creating, recurse)
	case pgparse.ConstrType_CONSTR_PRIMARY:
		r.addIndexConstraint(t, con, col, PrimaryKey, recurse)
	case pgparse.ConstrType_CONSTR_UNIQUE:
		r.addIndexConstraint(t, con, col, Unique, recurse)
	case pgparse.ConstrType_CONSTR_EXCLUSION:
		r.addIndexConstraint(t, con, col, Exclusion, recurse)
	case pgparse.ConstrType_CONSTR_FOREIGN:
		r.addForeignKey(t, con, col, creating, recurse)
	}
}

// validity marks c valid unless it was added NOT VALID to an existing table.
func (r *replay) validity(c *Constraint, con *pgparse.Constraint, creating bool) {
	if creating || !con.SkipValidation {
		c.Validated, c.ValidatedAt = true, r.at
	}
}

// checkNameColumn is the column a CHECK constraint's generated name
// mentions: the only column it refers to, or none.
func checkNameColumn(refs []string) string {
	if len(refs) == 1 {
		return refs[0]
	}
	return ""
}

func (r *replay) addCheck(t *Table, con *pgparse.Constraint, creating, recurse bool) {
	refs := columnRefs(con.RawExpr)
	name := con.Conname
	if name == "" {
		name = r.c.chooseConstraintName(t.Schema, t.Name, checkNameColumn(refs), "check")
	}
	if t.Constraint(name) != nil {
		return
	}
	c := &Constraint{Name: name, Kind: Check, Columns: refs,
		refs: clone(refs), notNull: notNullColumns(con.RawExpr), Created: r.at}
	c.setExpr(con.RawExpr)
	if len(c.notNull) > 0 {
		c.NotNullColumn = c.notNull[0]
	}
	r.validity(c, con, creating)
	t.Constraints = append(t.Constraints, c)
	r.c.note(t, c)
	if recurse && !con.IsNoInherit {
		r.propagate(t, c, 0)
	}
}

// maxDepth bounds walks along partition links, which a nonsensical
// sequence of statements could make circular.
const maxDepth = 32

// propagate copies a CHECK or FOREIGN KEY constraint, validity included,
// to the partitions of t that lack one of that name.
func (r *replay) propagate(t *Table, c *Constraint, depth int) {
	if depth > maxDepth {
		return
	}
	for _, p := range r.c.Partitions(t.Key()) {
		if p.Constraint(c.Name) == nil {
			cp := c.clone()
			cp.Created = r.at
			p.Constraints = append(p.Constraints, cp)
			r.c.note(p, cp)
		}
		r.propagate(p, c, depth+1)
	}
}

func (r *replay) addForeignKey(t *Table, con *pgparse.Constraint, col string, creating, recurse bool) {
	if con.Pktable == nil {
		return
	}
	cols := names(con.FkAttrs)
	if len(cols) == 0 && col != "" {
		cols = []string{col}
	}
	refKey := r.key(con.Pktable)
	refCols := names(con.PkAttrs)
	if rt := r.c.tables[refKey]; len(refCols) == 0 && rt != nil {
		if pk := rt.PrimaryKey(); pk != nil {
			refCols = clone(pk.Columns)
		}
	}
	name := con.Conname
	if name == "" {
		name = r.c.chooseConstraintName(t.Schema, t.Name, joinNames(cols), "fkey")
	}
	if t.Constraint(name) != nil {
		return
	}
	c := &Constraint{Name: name, Kind: ForeignKey, Columns: cols, RefTable: refKey, RefColumns: refCols,
		refs: clone(cols), Created: r.at}
	r.validity(c, con, creating)
	t.Constraints = append(t.Constraints, c)
	r.c.note(t, c)
	if recurse {
		r.propagate(t, c, 0)
	}
}

// addIndexConstraint adds a PRIMARY KEY, UNIQUE or EXCLUDE constraint and
// the index that implements it.
func (r *replay) addIndexConstraint(t *Table, con *pgparse.Constraint, col string, kind ConstraintKind, recurse bool) {
	if kind == PrimaryKey && t.PrimaryKey() != nil {
		return
	}
	if con.Indexname != "" {
		r.usingIndex(t, con, kind)
		return
	}
	ix := &Index{Schema: t.Schema, Table: t.Key(), Unique: kind != Exclusion, Partitioned: t.Partitioned,
		Method: con.AccessMethod, Where: exprSQL(con.WhereClause), Created: r.at}
	if ix.Method == "" {
		ix.Method = "btree"
	}
	var colNames []string
	if kind == Exclusion {
		var elems []*pgparse.Node
		for _, x := range con.Exclusions {
			if l := x.GetList(); l != nil && len(l.Items) > 0 {
				elems = append(elems, l.Items[0])
			}
		}
		colNames = ix.setColumns(elems, nil, con.WhereClause)
	} else {
		ix.Columns = names(con.Keys)
		if len(ix.Columns) == 0 && col != "" {
			ix.Columns = []string{col}
		}
		ix.Include = names(con.Including)
		for _, c := range append(clone(ix.Columns), ix.Include...) {
			ix.refs = appendUnique(ix.refs, c)
			colNames = append(colNames, c)
		}
	}
	name := con.Conname
	if name == "" {
		name = r.c.indexName(t.Schema, t.Name, uniqueColNames(colNames), kind == PrimaryKey, kind == Exclusion, true)
	}
	if r.c.relationNameUsed(t.Schema, name) || t.Constraint(name) != nil {
		return
	}
	ix.Name, ix.Constraint = name, name
	r.addIndex(ix)
	r.indexConstraint(t, ix, kind, "")
	if recurse {
		for _, p := range r.c.Partitions(t.Key()) {
			r.copyIndex(ix, t, p, true, 0)
		}
	}
}

// indexConstraint adds to t the constraint that index ix implements.
func (r *replay) indexConstraint(t *Table, ix *Index, kind ConstraintKind, usingIndex string) {
	r.c.noteName(ix.Name)
	t.Constraints = append(t.Constraints, &Constraint{Name: ix.Name, Kind: kind, Columns: clone(ix.Columns),
		refs: clone(ix.refs), Index: usingIndex, Validated: true, ValidatedAt: r.at, Created: r.at})
	if kind == PrimaryKey {
		for _, c := range ix.Columns {
			if col := t.Column(c); col != nil {
				col.NotNull = true
			}
		}
	}
}

// usingIndex turns an existing unique index into a PRIMARY KEY or UNIQUE
// constraint; PostgreSQL renames the index to the constraint's name.
func (r *replay) usingIndex(t *Table, con *pgparse.Constraint, kind ConstraintKind) {
	ix := r.c.indexes[Key(t.Schema, con.Indexname)]
	if ix == nil || ix.Table != t.Key() || ix.Constraint != "" {
		return
	}
	name := con.Conname
	if name == "" {
		name = ix.Name
	}
	if t.Constraint(name) != nil {
		return
	}
	if name != ix.Name {
		if r.c.relationNameUsed(t.Schema, name) {
			return
		}
		r.rekeyIndex(ix, ix.Schema, name)
	}
	ix.Constraint = name
	r.indexConstraint(t, ix, kind, con.Indexname)
}

// cloneIndexes gives a new or attached partition the indexes of its parent.
func (r *replay) cloneIndexes(parent, child *Table) {
	for _, ix := range r.c.IndexesOn(parent.Key()) {
		r.copyIndex(ix, parent, child, true, 0)
	}
}

// copyIndex gives table to a copy of index ix of table from, named the way
// PostgreSQL names it. For a partition (link) an equivalent index that to
// already has is attached instead, the copy remembers its parent index,
// and the copy reaches the partitions of to; for LIKE it does not.
func (r *replay) copyIndex(ix *Index, from, to *Table, link bool, depth int) {
	if depth > maxDepth {
		return
	}
	if link {
		for _, e := range r.c.IndexesOn(to.Key()) {
			if e.parent == "" && equivalent(e, ix) {
				e.parent = ix.Key()
				return
			}
		}
	}
	var con *Constraint
	if ix.Constraint != "" {
		con = from.Constraint(ix.Constraint)
	}
	if con != nil && con.Kind == PrimaryKey && to.PrimaryKey() != nil {
		return
	}
	colNames := make([]string, 0, len(ix.Columns)+len(ix.Include))
	for _, c := range append(clone(ix.Columns), ix.Include...) {
		if len(c) > 0 && c[0] == '(' {
			c = "" // an expression: "expr"
		}
		colNames = append(colNames, c)
	}
	name := r.c.indexName(to.Schema, to.Name, uniqueColNames(colNames),
		con != nil && con.Kind == PrimaryKey, con != nil && con.Kind == Exclusion, con != nil)
	cp := &Index{Schema: to.Schema, Name: name, Table: to.Key(), Columns: clone(ix.Columns), Unique: ix.Unique,
		Partitioned: to.Partitioned, Method: ix.Method, Include: clone(ix.Include), Where: ix.Where,
		refs: clone(ix.refs), Created: r.at}
	if link {
		cp.parent = ix.Key()
	}
	r.addIndex(cp)
	if con != nil {
		cp.Constraint = name
		r.indexConstraint(to, cp, con.Kind, "")
	}
	if link {
		for _, p := range r.c.Partitions(to.Key()) {
			r.copyIndex(cp, to, p, true, depth+1)
		}
	}
}

// equivalent reports whether index e can serve as the partition's index
// for parent index ix.
func equivalent(e, ix *Index) bool {
	return e.Unique == ix.Unique && e.Method == ix.Method && e.Where == ix.Where &&
		equalStrings(e.Columns, ix.Columns) && equalStrings(e.Include, ix.Include) &&
		(ix.Constraint == "") == (e.Constraint == "")
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
