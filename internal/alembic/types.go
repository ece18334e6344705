package alembic

import (
	"fmt"
	"strings"
)

// sqlType is a column type as SQLAlchemy renders it on PostgreSQL, with
// what create_table does along with it.
type sqlType struct {
	name    string
	integer string // "INTEGER", "BIGINT" or "SMALLINT" for integer types, for SERIAL
	// enum is the native enum type that create_table creates first
	// (CREATE TYPE), nil for other types.
	enum *enumDef
	// spatial is the GiST index expression create_table adds for a
	// geoalchemy2 column (%s is the column), "" for none.
	spatial string
	// opaque is the Python name of a type migguard does not know: name is
	// then migguard's name for it, not SQLAlchemy's rendering.
	opaque string
	// check is the CHECK of a non-native enum with create_constraint=True
	// (%s is the column), and checkName its name.
	check, checkName string
}

// enumDef is a native PostgreSQL enum type.
type enumDef struct {
	name, schema string
	labels       []string
	// create is false for postgresql.ENUM(…, create_type=False).
	create bool
	// unknown names where the labels come from when the reader cannot
	// list them (a Python Enum class of the application).
	unknown string
}

// createSQL renders CREATE TYPE.
func (e *enumDef) createSQL() string {
	var ls []string
	for _, l := range e.labels {
		ls = append(ls, quoteLiteral(l))
	}
	return "CREATE TYPE " + qualified(e.schema, e.name) + " AS ENUM (" + strings.Join(ls, ", ") + ")"
}

// sqlType renders a SQLAlchemy type as PostgreSQL spells it.
func (in *interp) sqlType(e expr) sqlType {
	in.enter()
	defer in.leave()
	e = in.resolve(e)
	var call *exCall
	switch v := e.(type) {
	case *exCall:
		call = v
	case *exAttr, *exName:
		call = &exCall{fn: v}
	default:
		failf("the type is %s, not a SQLAlchemy type", describe(in.m.src, e))
	}
	n := lastName(call.fn)
	if t, ok := in.coreType(n, call); ok {
		return t
	}
	if t, ok := in.libraryType(n, call); ok {
		return t
	}
	if in.isEnumClass(n) {
		return in.enumType(&exCall{fn: &exName{tok: token{text: "Enum"}}, args: []expr{&exName{tok: token{text: n}}}})
	}
	if t, ok := in.decoratedType(call, n); ok {
		return t
	}
	return in.opaqueType(call, n)
}

// decoratedType renders a TypeDecorator of the repository as its impl
// (`impl = sa.DateTime`, or impl = sa.TIMESTAMP(timezone=True)), the type
// SQLAlchemy creates the column with, unless the class chooses its type
// per dialect (load_dialect_impl) or takes arguments that change it.
func (in *interp) decoratedType(call *exCall, n string) (sqlType, bool) {
	root, _, _ := strings.Cut(dotted(call.fn), ".")
	m, c, ok := in.classDef(n)
	if !ok && root != n && in.load != nil {
		// module.Type: the module imported as root.
		if mod := in.load(in.importedModule(root)); mod != nil {
			if cl, found := mod.classes[n]; found {
				m, c, ok = mod, cl, true
			}
		}
	}
	if !ok || !strings.Contains(tokText(c.header.toks), "TypeDecorator") || len(call.args)+len(call.kw) > 0 {
		return sqlType{}, false
	}
	var impl expr
	for _, ll := range c.body {
		if ll.toks[0].text == "def" && len(ll.toks) > 1 && ll.toks[1].text == "load_dialect_impl" {
			return sqlType{}, false
		}
		if name, a, ok := readAssignment(m.src, ll); ok && name == "impl" {
			impl = a.val
		}
	}
	if impl == nil {
		return sqlType{}, false
	}
	sub := &interp{m: m, vars: map[string]expr{}, binds: map[string]bool{}, contexts: map[string]bool{}, urls: map[string]bool{},
		runtime: map[string]int{}, batch: map[string]*batchOp{}, created: in.created, load: in.load, inlined: map[string]bool{}, depth: in.depth + 1}
	if sub.depth > 4 {
		return sqlType{}, false
	}
	var t sqlType
	func() {
		defer func() {
			if r := recover(); r != nil {
				ok = false
			}
		}()
		t = sub.sqlType(impl)
	}()
	return t, ok && t.opaque == "" && len(sub.opaque) == 0
}

// importedModule returns the module `import a.b as root` binds to root.
func (in *interp) importedModule(root string) string {
	for _, im := range in.allImports() {
		for _, n := range im.names {
			if n == root && strings.HasSuffix(im.module, root) || n == root && !strings.Contains(im.module, ".") {
				return im.module
			}
		}
	}
	return in.importedFrom(root)
}

// intArg reads an integer argument of a type, "" when absent or None.
func (in *interp) intArg(call *exCall, i int, kw string) string {
	a := call.arg(i, kw)
	if a == nil || isNone(in.resolve(a)) {
		return ""
	}
	num, ok := in.resolve(a).(*exNum)
	if !ok {
		failf("%s(%s) has a length that is not a number", lastName(call.fn), describe(in.m.src, a))
	}
	return num.tok.text
}

// coreType renders the types of SQLAlchemy and its PostgreSQL dialect.
func (in *interp) coreType(n string, call *exCall) (sqlType, bool) {
	withLen := func(base string, kw string) sqlType {
		if l := in.intArg(call, 0, kw); l != "" {
			return sqlType{name: base + "(" + l + ")"}
		}
		return sqlType{name: base}
	}
	timeType := func(base string) sqlType {
		tz := in.boolArg(call.arg(0, "timezone"), "timezone", false)
		if n == "TIMESTAMP" || n == "TIME" {
			if p := in.intArg(call, 1, "precision"); p != "" {
				base += "(" + p + ")"
			}
		}
		if tz {
			return sqlType{name: base + " WITH TIME ZONE"}
		}
		return sqlType{name: base + " WITHOUT TIME ZONE"}
	}
	switch n {
	case "Integer", "INTEGER", "INT":
		return sqlType{name: "INTEGER", integer: "INTEGER"}, true
	case "BigInteger", "BIGINT":
		return sqlType{name: "BIGINT", integer: "BIGINT"}, true
	case "SmallInteger", "SMALLINT":
		return sqlType{name: "SMALLINT", integer: "SMALLINT"}, true
	case "String", "VARCHAR", "Unicode", "NVARCHAR", "AutoString":
		return withLen("VARCHAR", "length"), true
	case "CHAR", "NCHAR":
		return withLen("CHAR", "length"), true
	case "Text", "TEXT", "UnicodeText":
		return withLen("TEXT", "length"), true
	case "CITEXT", "TSVECTOR", "INET", "CIDR", "MACADDR", "MACADDR8", "MONEY", "OID", "REGCLASS", "HSTORE", "INT4RANGE", "INT8RANGE",
		"NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE", "JSONPATH", "TSQUERY", "REGCONFIG":
		return sqlType{name: n}, true
	case "Boolean", "BOOLEAN":
		return sqlType{name: "BOOLEAN"}, true
	case "DateTime", "TIMESTAMP":
		return timeType("TIMESTAMP"), true
	case "Time", "TIME":
		return timeType("TIME"), true
	case "Date", "DATE":
		return sqlType{name: "DATE"}, true
	case "Interval", "INTERVAL":
		return sqlType{name: "INTERVAL"}, true
	case "Float", "FLOAT":
		return withLen("FLOAT", "precision"), true
	case "Double", "DOUBLE_PRECISION", "DOUBLE":
		return sqlType{name: "DOUBLE PRECISION"}, true
	case "REAL":
		return sqlType{name: "REAL"}, true
	case "Numeric", "NUMERIC", "DECIMAL":
		p, s := in.intArg(call, 0, "precision"), in.intArg(call, 1, "scale")
		switch {
		case p != "" && s != "":
			return sqlType{name: "NUMERIC(" + p + ", " + s + ")"}, true
		case p != "":
			return sqlType{name: "NUMERIC(" + p + ")"}, true
		}
		return sqlType{name: "NUMERIC"}, true
	case "BIT":
		return withLen("BIT", "length"), true
	case "JSON":
		return sqlType{name: "JSON"}, true
	case "JSONB":
		return sqlType{name: "JSONB"}, true
	case "UUID", "Uuid", "UUIDType", "GUID":
		return sqlType{name: "UUID"}, true
	case "LargeBinary", "BYTEA", "LargeBinaryType", "BLOB", "BINARY", "VARBINARY":
		return sqlType{name: "BYTEA"}, true
	case "ARRAY":
		inner := in.sqlType(call.arg(0, "item_type"))
		dims := 1
		if d := in.intArg(call, -1, "dimensions"); d != "" {
			fmt.Sscan(d, &dims)
		}
		inner.name += strings.Repeat("[]", max(dims, 1))
		return inner, true
	case "Enum", "ENUM":
		return in.enumType(call), true
	}
	return sqlType{}, false
}

// libraryType renders the types of geoalchemy2, sqlalchemy_utils and
// sqlmodel as those libraries compile them on PostgreSQL.
func (in *interp) libraryType(n string, call *exCall) (sqlType, bool) {
	switch n {
	case "Geometry", "Geography":
		return in.spatialType(strings.ToLower(n), call), true
	case "Raster":
		t := sqlType{name: "raster"}
		if in.boolArg(call.arg(0, "spatial_index"), "spatial_index", true) {
			t.spatial = "ST_ConvexHull(%s)"
		}
		return t, true
	case "TSVectorType":
		return sqlType{name: "TSVECTOR"}, true
	case "JSONType":
		return sqlType{name: "JSON"}, true
	case "EmailType", "ChoiceType":
		if impl := call.kwArg("impl"); impl != nil && n == "ChoiceType" {
			return in.sqlType(impl), true
		}
		if l := in.intArg(call, -1, "length"); l != "" {
			return sqlType{name: "VARCHAR(" + l + ")"}, true
		}
		return sqlType{name: "VARCHAR(255)"}, true
	case "URLType", "ScalarListType":
		return sqlType{name: "TEXT"}, true
	case "IPAddressType", "TimezoneType":
		return sqlType{name: "VARCHAR(50)"}, true
	case "CurrencyType":
		return sqlType{name: "VARCHAR(3)"}, true
	case "CountryType":
		return sqlType{name: "VARCHAR(2)"}, true
	case "LocaleType":
		return sqlType{name: "VARCHAR(10)"}, true
	case "LtreeType":
		return sqlType{name: "LTREE"}, true
	case "ArrowType":
		if in.boolArg(call.kwArg("timezone"), "timezone", false) {
			return sqlType{name: "TIMESTAMP WITH TIME ZONE"}, true
		}
		return sqlType{name: "TIMESTAMP WITHOUT TIME ZONE"}, true
	case "CIText":
		return sqlType{name: "CITEXT"}, true
	}
	return sqlType{}, false
}

// spatialType renders geoalchemy2's Geometry and Geography:
// geometry(POINT,4326), geometry(GEOMETRY,-1) by default, plain geometry
// for geometry_type=None; create_table indexes them with GiST unless
// spatial_index=False.
func (in *interp) spatialType(base string, call *exCall) sqlType {
	if in.boolArg(call.arg(5, "management"), "management", false) {
		failf("a geoalchemy2 column with management=True, which geoalchemy2 adds with AddGeometryColumn()")
	}
	t := sqlType{name: base}
	gt := call.arg(0, "geometry_type")
	if gt == nil || !isNone(in.resolve(gt)) {
		kind := "GEOMETRY"
		if gt != nil {
			kind = strings.ToUpper(in.mustStr(gt, "geometry_type"))
		}
		srid := "-1"
		if s := call.arg(1, "srid"); s != nil {
			srid = in.literal(s)
		}
		t.name = base + "(" + kind + "," + srid + ")"
	}
	if in.boolArg(call.arg(3, "spatial_index"), "spatial_index", true) {
		t.spatial = "%s"
		if in.boolArg(call.arg(4, "use_N_D_index"), "use_N_D_index", false) {
			t.spatial = "%s gist_geometry_ops_nd"
		}
	}
	return t
}

// opaqueType names a type migguard does not know (a TypeDecorator of the
// application, a dialect type): the column keeps its place in the schema
// with the type's name, lower-cased, and a note says so.
func (in *interp) opaqueType(call *exCall, n string) sqlType {
	if n == "" {
		failf("the type is %s, not a SQLAlchemy type", describe(in.m.src, call))
	}
	full := orText(dotted(call.fn), n)
	from := ""
	if root, _, _ := strings.Cut(full, "."); in.importedFrom(root) != "" {
		from = " (from " + in.importedFrom(root) + ")"
	}
	in.opaque = append(in.opaque, opaqueUse{name: strings.ToLower(n), why: full + from})
	return sqlType{name: quoteIdent(strings.ToLower(n)), opaque: full}
}

// opaqueUse is a type rendered by name in the call being translated.
type opaqueUse struct {
	name string // as rendered
	why  string // the Python type and where it comes from
}

// enumType renders sa.Enum and postgresql.ENUM: a native enum type named
// by name= (else by the Python Enum class, lower-cased), whose labels are
// the arguments or the class's member names (values with
// values_callable); a non-native enum is a VARCHAR as long as the longest
// label.
func (in *interp) enumType(call *exCall) sqlType {
	d := &enumDef{create: true, schema: in.mustOptStr(call.kwArg("schema"), "schema")}
	if lastName(call.fn) == "ENUM" {
		d.create = in.boolArg(call.kwArg("create_type"), "create_type", true)
	}
	d.name = in.mustOptStr(call.kwArg("name"), "the enum name")
	in.enumLabels(call, d)
	if d.name == "" {
		failf("sa.Enum without name= and without a Python Enum class to name it")
	}
	if ne := call.kwArg("native_enum"); ne != nil && !in.boolArg(ne, "native_enum", true) {
		return in.nonNativeEnum(call, d)
	}
	return sqlType{name: qualified(d.schema, d.name), enum: d}
}

// enumLabels reads the labels: literal arguments, a starred list, or a
// Python Enum class (of the revision file, or imported: then unknown).
func (in *interp) enumLabels(call *exCall, d *enumDef) {
	for i, a := range call.args {
		if call.isStarred(i) {
			ls, err := in.strs(a)
			if err != nil {
				dynamicf("the enum labels are %s", describe(in.m.src, a))
			}
			d.labels = append(d.labels, ls...)
			continue
		}
		r := in.resolve(a)
		if s, ok := r.(*exStr); ok {
			d.labels = append(d.labels, in.mustStr(s, "an enum label"))
			continue
		}
		cls := dotted(r)
		if cls == "" {
			failf("an enum label is %s", describe(in.m.src, a))
		}
		short := cls[strings.LastIndexByte(cls, '.')+1:]
		if d.name == "" {
			d.name = strings.ToLower(short)
		}
		values := false
		if vc := call.kwArg("values_callable"); vc != nil {
			values = strings.Contains(exprText(in.m.src, vc), ".value")
		}
		members, ok := in.enumMembers(short, values)
		if !ok {
			d.unknown = cls
			if from := in.importedFrom(strings.Split(cls, ".")[0]); from != "" {
				d.unknown += " (from " + from + ")"
			}
			continue
		}
		d.labels = append(d.labels, members...)
	}
}

// nonNativeEnum renders Enum(…, native_enum=False): VARCHAR(n) for the
// longest label, with a CHECK when create_constraint=True.
func (in *interp) nonNativeEnum(call *exCall, d *enumDef) sqlType {
	if d.unknown != "" {
		failf("a non-native enum whose labels come from %s", d.unknown)
	}
	n := 0
	var ls []string
	for _, l := range d.labels {
		n = max(n, len([]rune(l)))
		ls = append(ls, quoteLiteral(l))
	}
	if l := in.intArg(call, -1, "length"); l != "" {
		fmt.Sscan(l, &n)
	}
	t := sqlType{name: fmt.Sprintf("VARCHAR(%d)", n)}
	if in.boolArg(call.kwArg("create_constraint"), "create_constraint", false) {
		t.check, t.checkName = "%s IN ("+strings.Join(ls, ", ")+")", d.name
	}
	return t
}

// classDef finds a class by name: in the revision file, or in the
// repository module it is imported from.
func (in *interp) classDef(name string) (*module, block, bool) {
	if c, ok := in.m.classes[name]; ok {
		return in.m, c, true
	}
	if in.load == nil {
		return nil, block{}, false
	}
	if from := in.importedFrom(name); from != "" {
		if m := in.load(from); m != nil {
			if c, ok := m.classes[name]; ok {
				return m, c, true
			}
		}
	}
	return nil, block{}, false
}

// isEnumClass reports whether a class derives from Enum.
func (in *interp) isEnumClass(name string) bool {
	_, c, ok := in.classDef(name)
	return ok && strings.Contains(tokText(c.header.toks), "Enum")
}

// enumMembers lists the members of a Python Enum class of the revision
// file or of the repository module it imports it from: their names, or
// their values.
func (in *interp) enumMembers(class string, values bool) ([]string, bool) {
	m, c, ok := in.classDef(class)
	if !ok || !in.isEnumClass(class) {
		return nil, false
	}
	var out []string
	for _, ll := range c.body {
		name, a, ok := readAssignment(m.src, ll)
		if !ok || strings.HasPrefix(name, "_") {
			continue
		}
		if !values {
			out = append(out, name)
			continue
		}
		switch v := a.val.(type) {
		case *exStr:
			if v.dynamic {
				return nil, false
			}
			out = append(out, v.val)
		case *exNum:
			out = append(out, v.tok.text)
		default:
			return nil, false
		}
	}
	return out, true
}
