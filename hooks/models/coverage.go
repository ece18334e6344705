package models

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/schema"
)

// expectation is what the schema that the migrations build must show for
// a model change to be made by them.
type expectation struct {
	table string // the model's table
	// met reports whether the schema shows it, and what it shows instead
	// when it does not.
	met func(t *schema.Table, c *schema.Catalog) (bool, string)
	// tableGone marks a removed model, whose table may be dropped or may
	// stay until a later pull request drops it: covered either way.
	tableGone bool
	// what names the change for messages.
	what string
}

// judge checks expectations against the schemas the migrations build:
// covered when every one is met in a schema that has the table (a removed
// model always is); judged is false when no schema knows the table, so
// nothing can be told.
func judge(exps []expectation, cats []*schema.Catalog) (covered, judged bool, why string) {
	covered, judged = true, false
	for _, e := range exps {
		var t *schema.Table
		var cat *schema.Catalog
		for _, c := range cats {
			if t = c.Table("", e.table); t != nil {
				cat = c
				break
			}
		}
		if e.tableGone {
			// The table may stay until a later pull request drops it,
			// the safe order (see drop-still-used).
			judged = true
			continue
		}
		if t == nil {
			if e.met == nil {
				judged = true
				covered, why = false, fmt.Sprintf("no migration creates table %s", e.table)
				return
			}
			continue
		}
		judged = true
		if e.met == nil {
			continue
		}
		if ok, instead := e.met(t, cat); !ok {
			return false, true, instead
		}
	}
	return covered, judged, why
}

// columnRemoved is what a field removed from a model needs of the schema:
// nothing that the model's inserts miss. The column may stay until a later
// pull request drops it — the safe order, in which the code stops using a
// column before a migration drops it (see drop-still-used) — unless it is
// NOT NULL without a default, which the model's inserts no longer set.
func columnRemoved(table, column string) expectation {
	return expectation{table: table, what: "column " + column + " removed", met: func(t *schema.Table, _ *schema.Catalog) (bool, string) {
		c := t.Column(column)
		if c == nil || !c.NotNull || c.Default != "" || c.Identity != 0 || c.Generated {
			return true, ""
		}
		return false, fmt.Sprintf("column %s.%s is still in the schema the migrations build, NOT NULL without a default, "+
			"so the model's inserts fail without it: drop it, give it a default or make it nullable", table, column)
	}}
}

// sqlalchemyExpectations returns what a change of a SQLAlchemy model
// needs of the schema: the column added or gone, its type, nullability and
// server default, the table created or dropped, the enum's new labels.
func sqlalchemyExpectations(c Change, before, after []alembic.Model) []expectation {
	am, bm := modelNamed(after, c.Model), modelNamed(before, c.Model)
	switch {
	case c.Field == "" && am != nil && bm == nil:
		return []expectation{{table: am.Table, what: "new table " + am.Table}}
	case c.Field == "" && am == nil && bm != nil:
		return []expectation{{table: bm.Table, tableGone: true, what: "table " + bm.Table + " removed"}}
	case am == nil || am.Table == "":
		return nil
	}
	ac := am.Column(c.Field)
	var bc *alembic.ModelColumn
	if bm != nil {
		bc = bm.Column(c.Field)
	}
	table := am.Table
	switch {
	case ac == nil && bc != nil:
		return []expectation{columnRemoved(table, bc.Name)}
	case ac == nil || !ac.Known:
		return nil
	}
	var exps []expectation
	if bc == nil || bc.Name != ac.Name {
		exps = append(exps, expectation{table: table, what: "new column " + ac.Name + " " + describeColumn(ac), met: columnExists(table, ac.Name)})
		if bc != nil {
			exps = append(exps, expectation{table: table, what: "column " + bc.Name + " renamed to " + ac.Name, met: func(t *schema.Table, _ *schema.Catalog) (bool, string) {
				if t.Column(bc.Name) != nil {
					return false, fmt.Sprintf("column %s.%s is still in the schema the migrations build", table, bc.Name)
				}
				return true, ""
			}})
		}
	}
	exps = append(exps, columnExpectations(table, bc, ac)...)
	return exps
}

// columnExpectations returns the expectations on a column's type,
// nullability, default and enum labels, for what differs from before (all
// of them for a new column).
func columnExpectations(table string, bc, ac *alembic.ModelColumn) []expectation {
	var exps []expectation
	if bc == nil || !bc.Known || bc.Type != ac.Type {
		what := "type " + ac.Type
		if bc != nil && bc.Known {
			what = "type " + bc.Type + " → " + ac.Type
		}
		exps = append(exps, expectation{table: table, what: what, met: columnType(table, ac)})
	}
	if bc == nil || !bc.Known || bc.Nullable != ac.Nullable {
		exps = append(exps, expectation{table: table, what: map[bool]string{true: "nullable", false: "NOT NULL"}[ac.Nullable], met: columnNull(table, ac)})
	}
	if bc == nil || !bc.Known || (bc.Default == "") != (ac.Default == "") {
		what := "server_default " + orNone(ac.Default)
		exps = append(exps, expectation{table: table, what: what, met: columnDefault(table, ac)})
	}
	if ac.Enum != nil && ac.Enum.Known {
		var old []string
		if bc != nil && bc.Enum != nil {
			old = bc.Enum.Labels
		}
		for _, l := range ac.Enum.Labels {
			if bc != nil && contains(old, l) {
				continue
			}
			exps = append(exps, expectation{table: table, what: "enum member " + l, met: enumHas(ac.Enum.Name, l)})
		}
	}
	return exps
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// describeColumn says what a new column is: its type and nullability.
func describeColumn(c *alembic.ModelColumn) string {
	s := "(" + c.Type
	if !c.Nullable {
		s += ", NOT NULL"
	}
	if c.Default != "" {
		s += ", server_default " + c.Default
	}
	return s + ")"
}

func columnExists(table, name string) func(*schema.Table, *schema.Catalog) (bool, string) {
	return func(t *schema.Table, _ *schema.Catalog) (bool, string) {
		if t.Column(name) == nil {
			return false, fmt.Sprintf("the schema the migrations build has no column %s.%s", table, name)
		}
		return true, ""
	}
}

func columnType(table string, ac *alembic.ModelColumn) func(*schema.Table, *schema.Catalog) (bool, string) {
	return func(t *schema.Table, _ *schema.Catalog) (bool, string) {
		col := t.Column(ac.Name)
		want, ok := schema.ParseType(ac.Type)
		if col == nil || !ok {
			return col != nil || !ok, ""
		}
		got := col.Type
		if base, ok := got.SerialBase(); ok {
			got = base
		}
		if got.Equal(want) {
			return true, ""
		}
		return false, fmt.Sprintf("column %s.%s is %s in the schema the migrations build; the model makes it %s", table, ac.Name, got, want)
	}
}

// goNullable reports whether a Go field's type, as written, holds NULL:
// a pointer or a sql.Null type.
func goNullable(typ string) bool { return strings.HasPrefix(typ, "*") || strings.Contains(typ, "Null") }

// columnHolds is what a Go field of type typ (kind k) needs of its
// column: a type that the field can hold and write, as modeltag judges
// the pairs (modelschema's model-type reports the same pairs in the code).
func columnHolds(table, name, typ string, k modeltag.Kind) func(*schema.Table, *schema.Catalog) (bool, string) {
	return func(t *schema.Table, cat *schema.Catalog) (bool, string) {
		col := t.Column(name)
		if col == nil {
			return true, "" // the column's own expectation reports it
		}
		if !modeltag.Incompatible(k, columnKind(col.Type, cat)) {
			return true, ""
		}
		return false, fmt.Sprintf("column %s.%s is %s in the schema the migrations build, which the model's %s cannot hold", table, name, col.Type, typ)
	}
}

// columnKind classifies a column's type for modeltag.Incompatible: a
// serial as its integer, an enum as text.
func columnKind(typ schema.Type, cat *schema.Catalog) modeltag.Kind {
	if base, ok := typ.SerialBase(); ok {
		typ = base
	}
	if k := modeltag.ColumnKind(typ.Name, typ.Array); k != modeltag.KindUnknown {
		return k
	}
	sch, name, ok := strings.Cut(typ.Name, ".")
	if !ok {
		sch, name = "", typ.Name
	}
	if cat != nil && cat.Enum(sch, name) != nil {
		return modeltag.KindString
	}
	return modeltag.KindUnknown
}

func columnNull(table string, ac *alembic.ModelColumn) func(*schema.Table, *schema.Catalog) (bool, string) {
	return func(t *schema.Table, _ *schema.Catalog) (bool, string) {
		col := t.Column(ac.Name)
		if col == nil {
			return true, "" // the column's own expectation reports it
		}
		notNull := col.NotNull || col.Identity != 0
		if pk := t.PrimaryKey(); pk != nil && pk.ImpliesNotNull(ac.Name) {
			notNull = true
		}
		if notNull == !ac.Nullable {
			return true, ""
		}
		if notNull {
			return false, fmt.Sprintf("column %s.%s is NOT NULL in the schema the migrations build; the model makes it nullable", table, ac.Name)
		}
		return false, fmt.Sprintf("column %s.%s is nullable in the schema the migrations build; the model makes it NOT NULL", table, ac.Name)
	}
}

func columnDefault(table string, ac *alembic.ModelColumn) func(*schema.Table, *schema.Catalog) (bool, string) {
	return func(t *schema.Table, _ *schema.Catalog) (bool, string) {
		col := t.Column(ac.Name)
		if col == nil || (col.Default != "") == (ac.Default != "") || col.Identity != 0 || col.Type.Name == "serial" {
			return true, ""
		}
		if ac.Default == "" {
			return false, fmt.Sprintf("column %s.%s has the default %s in the schema the migrations build; the model has none", table, ac.Name, col.Default)
		}
		return false, fmt.Sprintf("column %s.%s has no default in the schema the migrations build; the model gives it server_default %s", table, ac.Name, ac.Default)
	}
}

func enumHas(name, label string) func(*schema.Table, *schema.Catalog) (bool, string) {
	return func(_ *schema.Table, c *schema.Catalog) (bool, string) {
		e := c.Enum("", name)
		if e == nil || contains(e.Values, label) {
			return true, ""
		}
		return false, fmt.Sprintf("enum %s has no value '%s' in the schema the migrations build: add it with ALTER TYPE %s ADD VALUE '%s'", name, label, name, label)
	}
}

// removedEnumLabels returns the labels of a column's enum that the model
// no longer lists.
func removedEnumLabels(c Change, before, after []alembic.Model) (enum string, labels []string) {
	am, bm := modelNamed(after, c.Model), modelNamed(before, c.Model)
	if am == nil || bm == nil || c.Field == "" {
		return "", nil
	}
	ac, bc := am.Column(c.Field), bm.Column(c.Field)
	if ac == nil || bc == nil || ac.Enum == nil || bc.Enum == nil || !ac.Enum.Known || !bc.Enum.Known || ac.Enum.Name != bc.Enum.Name {
		return "", nil
	}
	for _, l := range bc.Enum.Labels {
		if !contains(ac.Enum.Labels, l) {
			labels = append(labels, l)
		}
	}
	return ac.Enum.Name, labels
}

func modelNamed(ms []alembic.Model, name string) *alembic.Model {
	for i := range ms {
		if ms[i].Name == name {
			return &ms[i]
		}
	}
	return nil
}

// goExpectations returns what a change of a Go model needs of the schema:
// the column added or gone, its nullability (a pointer or a sql.Null type
// is nullable), the table created or dropped.
func goExpectations(c Change, before, after map[string]*goModel) []expectation {
	am, bm := after[c.Model], before[c.Model]
	switch {
	case c.Field == "" && am != nil && bm == nil && am.table != "":
		return []expectation{{table: am.table, what: "new table " + am.table}}
	case c.Field == "" && am == nil && bm != nil && bm.table != "":
		return []expectation{{table: bm.table, tableGone: true, what: "table " + bm.table + " removed"}}
	case am == nil || am.table == "":
		return nil
	}
	af, aok := am.fields[c.Field]
	var bf goField
	bok := false
	if bm != nil {
		bf, bok = bm.fields[c.Field]
	}
	table := am.table
	switch {
	case !aok && bok && bf.column != "":
		return []expectation{columnRemoved(table, bf.column)}
	case !aok || af.column == "":
		return nil
	}
	exps := []expectation{{table: table, what: "column " + af.column, met: columnExists(table, af.column)}}
	if !bok || bf.typ != af.typ {
		// Nullability is judged when the field is new or its nullability
		// changed: a type change that keeps it does not make the
		// column's nullability the branch's business.
		nullable := goNullable(af.typ)
		if !bok || goNullable(bf.typ) != nullable {
			mc := &alembic.ModelColumn{Name: af.column, Nullable: nullable}
			exps = append(exps, expectation{table: table, what: map[bool]string{true: "nullable", false: "NOT NULL"}[nullable], met: columnNull(table, mc)})
		}
		if k, _, known := modeltag.GoKind(af.qualified); known {
			exps = append(exps, expectation{table: table, what: "type " + af.typ, met: columnHolds(table, af.column, af.typ, k)})
		}
	}
	return exps
}

// describeChange names how a SQLAlchemy column changed: its type
// (INTEGER → BIGINT), nullability, server_default, name or enum members;
// the change's own words when the column cannot be read.
func describeChange(c Change, before, after []alembic.Model) string {
	am, bm := modelNamed(after, c.Model), modelNamed(before, c.Model)
	if am == nil || bm == nil || c.Field == "" {
		return c.What
	}
	ac, bc := am.Column(c.Field), bm.Column(c.Field)
	if ac == nil || bc == nil || !ac.Known || !bc.Known {
		return c.What
	}
	var parts []string
	if bc.Name != ac.Name {
		parts = append(parts, "column "+bc.Name+" renamed to "+ac.Name)
	}
	if bc.Type != ac.Type {
		parts = append(parts, "type "+bc.Type+" → "+ac.Type)
	}
	if bc.Nullable != ac.Nullable {
		parts = append(parts, map[bool]string{true: "NOT NULL → nullable", false: "nullable → NOT NULL"}[ac.Nullable])
	}
	if bc.Default != ac.Default {
		parts = append(parts, "server_default "+orNone(bc.Default)+" → "+orNone(ac.Default))
	}
	if ac.Enum != nil && bc.Enum != nil {
		var added, gone []string
		for _, l := range ac.Enum.Labels {
			if !contains(bc.Enum.Labels, l) {
				added = append(added, l)
			}
		}
		for _, l := range bc.Enum.Labels {
			if !contains(ac.Enum.Labels, l) {
				gone = append(gone, l)
			}
		}
		if len(added) > 0 {
			parts = append(parts, "enum "+ac.Enum.Name+" gains "+strings.Join(added, ", "))
		}
		if len(gone) > 0 {
			parts = append(parts, "enum "+ac.Enum.Name+" loses "+strings.Join(gone, ", "))
		}
	}
	if len(parts) == 0 {
		return c.What
	}
	return strings.Join(parts, "; ")
}
