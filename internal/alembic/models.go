package alembic

import (
	"strings"
)

// Model is a SQLAlchemy model of the application — a declarative class
// with __tablename__, or a Table(...) — as its columns map to the
// database, read with the reader that translates revisions, so that a
// model and a migration spell a type the same way.
type Model struct {
	// Name is the class name, or for a Table(...) the table name (as
	// migguard models names models).
	Name  string
	Table string
	Line  int
	// Columns are the mapped columns, by attribute order.
	Columns []ModelColumn
}

// ModelColumn is a column of a model.
type ModelColumn struct {
	// Attr is the attribute (the column name for a Table(...)), Name the
	// column name.
	Attr, Name string
	Line       int
	// Known is false when the column's definition could not be read; the
	// other fields are then empty.
	Known bool
	// Type is the SQL type SQLAlchemy creates it with on PostgreSQL.
	Type     string
	Nullable bool
	// Default is the server_default as SQL, "" for none.
	Default string
	// Enum is the native enum type of the column, nil for other types.
	Enum *ModelEnum
}

// ModelEnum is the native enum type of a column and its labels.
type ModelEnum struct {
	Name   string
	Labels []string
	// Known is false when the labels come from a class migguard cannot
	// read.
	Known bool
}

// Column returns the column of attribute attr, nil when there is none.
func (m *Model) Column(attr string) *ModelColumn {
	for i := range m.Columns {
		if m.Columns[i].Attr == attr {
			return &m.Columns[i]
		}
	}
	return nil
}

// ReadModels reads the SQLAlchemy models of a Python file. load reads a
// module of the repository by its dotted name (for Enum classes and types
// the file imports), nil when none is read.
func ReadModels(src []byte, load func(module string) []byte) []Model {
	m, err := readModule(string(src))
	if err != nil {
		return nil
	}
	in := &interp{m: m, vars: map[string]expr{}, binds: map[string]bool{}, contexts: map[string]bool{}, urls: map[string]bool{},
		runtime: map[string]int{}, batch: map[string]*batchOp{}, created: map[string]bool{}, inlined: map[string]bool{}}
	if load != nil {
		cache := map[string]*module{}
		in.load = func(name string) *module {
			if mod, ok := cache[name]; ok {
				return mod
			}
			var mod *module
			if data := load(name); data != nil {
				mod, _ = readModule(string(data))
			}
			cache[name] = mod
			return mod
		}
	}
	for name, as := range m.assigns {
		if len(as) == 1 {
			in.bindModule(name, as[0].val)
		}
	}
	var out []Model
	for _, as := range m.assigns {
		if len(as) != 1 {
			continue
		}
		in.safely(func() {
			if md, ok := in.tableModel(as[0]); ok {
				out = append(out, md)
			}
		})
	}
	for name, c := range m.classes {
		in.safely(func() {
			if md, ok := in.classModel(name, c); ok {
				out = append(out, md)
			}
		})
	}
	sortModels(out)
	return out
}

func sortModels(ms []Model) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Line < ms[j-1].Line; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

// tableModel reads `name = Table("table", metadata, Column(…), …)`.
func (in *interp) tableModel(a assignment) (Model, bool) {
	c, ok := a.val.(*exCall)
	if !ok || lastName(c.fn) != "Table" || len(c.args) == 0 {
		return Model{}, false
	}
	table, err := in.str(c.args[0])
	if err != nil {
		return Model{}, false
	}
	md := Model{Name: table, Table: table, Line: a.line}
	for _, el := range c.args[1:] {
		call, ok := el.(*exCall)
		if !ok || !strings.HasSuffix(dotted(call.fn), "Column") {
			continue
		}
		col := in.modelColumn("", call, nil)
		col.Attr = col.Name
		md.Columns = append(md.Columns, col)
	}
	return md, true
}

// classModel reads a declarative class with __tablename__: its Column(),
// mapped_column() and Mapped[...] attributes.
func (in *interp) classModel(name string, c block) (Model, bool) {
	md := Model{Name: name, Line: c.header.line}
	for _, ll := range c.body {
		attr, a, ok := readAssignment(in.m.src, ll)
		if !ok {
			if attr, ann, ok := annotationOnly(in.m.src, ll); ok && isMapped(ann) && !strings.HasPrefix(attr, "__") {
				col := in.mappedColumn(attr, nil, ann)
				col.Line = ll.line
				md.Columns = append(md.Columns, col)
			}
			continue
		}
		if attr == "__tablename__" {
			md.Table, _ = in.str(a.val)
			continue
		}
		call, isCall := a.val.(*exCall)
		if !isCall {
			continue
		}
		var ann expr
		if a.annotated {
			ann = annotationOf(in.m.src, ll)
		}
		switch lastName(call.fn) {
		case "Column":
			col := in.modelColumn(attr, call, nil)
			col.Line = ll.line
			md.Columns = append(md.Columns, col)
		case "mapped_column":
			col := in.mappedColumn(attr, call, ann)
			col.Line = ll.line
			md.Columns = append(md.Columns, col)
		}
	}
	return md, md.Table != ""
}

// modelColumn evaluates sa.Column(…) of attribute attr; typ, when not
// nil, is the type the annotation gives when the call names none.
func (in *interp) modelColumn(attr string, call *exCall, typ expr) (mc ModelColumn) {
	mc = ModelColumn{Attr: attr, Name: attr}
	if len(call.args) > 0 {
		if s, ok := in.resolve(call.args[0]).(*exStr); ok && !s.dynamic {
			mc.Name = s.val
		}
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*untranslatable); !ok {
				panic(r)
			}
			mc = ModelColumn{Attr: mc.Attr, Name: mc.Name, Line: mc.Line}
		}
	}()
	c := &exCall{fn: call.fn, args: call.args, kw: call.kw, end: call.end}
	if len(c.args) == 0 || !isStrArg(in, c.args[0]) {
		// Column(Integer, …): the attribute names the column.
		c.args = append([]expr{&exStr{val: attr}}, c.args...)
	}
	if typ != nil && !hasTypeArg(in, c) {
		c.args = append([]expr{c.args[0], typ}, c.args[1:]...)
	}
	col := in.column(c)
	mc.Known, mc.Type, mc.Nullable, mc.Default = true, col.typ.name, col.nullable, col.def
	if e := col.typ.enum; e != nil {
		mc.Enum = &ModelEnum{Name: e.name, Labels: e.labels, Known: e.unknown == ""}
	}
	return mc
}

// mappedColumn evaluates `attr: Mapped[T] = mapped_column(…)` (call may
// be nil for a bare annotation): the type and nullability come from T
// (Optional[T] and T | None are nullable) unless the call says otherwise.
func (in *interp) mappedColumn(attr string, call *exCall, ann expr) ModelColumn {
	typ, nullable := in.mappedType(ann)
	c := &exCall{fn: &exName{tok: token{text: "Column"}}}
	if call != nil {
		c.args, c.kw, c.end = call.args, call.kw, call.end
	}
	if c.kwArg("nullable") == nil && c.kwArg("primary_key") == nil {
		c.kw = append(c.kw, kwarg{name: "nullable", val: &exName{tok: token{text: map[bool]string{true: "True", false: "False"}[nullable]}}})
	}
	return in.modelColumn(attr, c, typ)
}

// pythonTypes are the SQLAlchemy types of SQLAlchemy 2's default type map
// for the Python types of Mapped[...] annotations.
var pythonTypes = map[string]string{"int": "Integer", "str": "String", "bool": "Boolean", "float": "Float",
	"datetime": "DateTime", "datetime.datetime": "DateTime", "date": "Date", "datetime.date": "Date", "time": "Time",
	"datetime.time": "Time", "timedelta": "Interval", "datetime.timedelta": "Interval", "Decimal": "Numeric",
	"decimal.Decimal": "Numeric", "UUID": "Uuid", "uuid.UUID": "Uuid", "bytes": "LargeBinary"}

// mappedType returns the SQLAlchemy type of a Mapped[T] annotation (nil
// when it names none migguard knows) and whether T admits None.
func (in *interp) mappedType(ann expr) (expr, bool) {
	ix, ok := ann.(*exIndex)
	if !ok || lastName(ix.x) != "Mapped" || len(ix.idx) < 3 {
		return nil, false
	}
	p := &parser{src: in.m.src, toks: ix.idx[1 : len(ix.idx)-1]}
	t := p.expr()
	nullable := false
	for {
		switch v := t.(type) {
		case *exIndex:
			if n := lastName(v.x); (n == "Optional" || n == "Union") && len(v.idx) >= 3 {
				q := &parser{src: in.m.src, toks: v.idx[1 : len(v.idx)-1]}
				t, nullable = q.expr(), true
				continue
			}
		case *exBin:
			if v.op == "|" && isNone(v.r) {
				t, nullable = v.l, true
				continue
			}
		}
		break
	}
	name := dotted(t)
	if sa, ok := pythonTypes[name]; ok {
		return &exName{tok: token{text: sa}}, nullable
	}
	if in.isEnumClass(lastName(t)) {
		return &exCall{fn: &exName{tok: token{text: "Enum"}}, args: []expr{t}}, nullable
	}
	return nil, nullable
}

func isStrArg(in *interp, e expr) bool {
	_, ok := in.resolve(e).(*exStr)
	return ok
}

// hasTypeArg reports whether a Column call has a positional type.
func hasTypeArg(in *interp, c *exCall) bool {
	for _, a := range c.args[1:] {
		if call, ok := in.resolve(a).(*exCall); ok {
			switch lastName(call.fn) {
			case "ForeignKey", "Identity", "Computed", "CheckConstraint", "Sequence":
				continue
			}
		}
		return true
	}
	return c.kwArg("type_") != nil
}

// annotationOf returns the annotation of `name: T = value`.
func annotationOf(src string, ll logicalLine) expr {
	p := &parser{src: src, toks: ll.toks, i: 2}
	return p.expr()
}

// annotationOnly reads `name: T` without a value.
func annotationOnly(src string, ll logicalLine) (string, expr, bool) {
	toks := ll.toks
	if len(toks) < 3 || toks[0].kind != tName || toks[1].text != ":" {
		return "", nil, false
	}
	p := &parser{src: src, toks: toks, i: 2}
	e := p.expr()
	if p.peek() != nil {
		return "", nil, false
	}
	return toks[0].text, e, true
}

// isMapped reports whether an annotation is Mapped[...].
func isMapped(e expr) bool {
	ix, ok := e.(*exIndex)
	return ok && lastName(ix.x) == "Mapped"
}
