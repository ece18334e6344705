package schema

import (
	"github.com/migguard/migguard/internal/pgparse"
)

// RelKey returns the catalog key of a relation reference.
func RelKey(rv *pgparse.RangeVar) string {
	if rv == nil {
		return ""
	}
	return Key(rv.Schemaname, rv.Relname)
}

// TableFor returns the table a relation reference names, or nil.
func (c *Catalog) TableFor(rv *pgparse.RangeVar) *Table {
	if rv == nil {
		return nil
	}
	return c.Table(rv.Schemaname, rv.Relname)
}

// Apply replays one parsed statement into the catalog; at says where the
// statement runs and is recorded on what it creates or validates.
//
// Apply understands the DDL that shapes tables: CREATE/ALTER/DROP TABLE,
// CREATE TABLE AS and SELECT INTO, CREATE/ALTER/DROP INDEX, renames, SET
// SCHEMA, partitions (PARTITION BY, PARTITION OF, ATTACH, DETACH), enum
// types and schemas. Objects that a statement creates without a name get
// the name PostgreSQL would give them (users_email_key, orders_pkey, …),
// so that later statements can refer to them.
//
// Apply never fails: a statement about an object the catalog does not
// know, or one that PostgreSQL would reject (creating a table that
// exists, dropping an index a constraint needs), leaves the catalog as it
// is. Unqualified names are taken to be in schema public; search_path is
// not followed.
func (c *Catalog) Apply(stmt *pgparse.Node, at Origin) {
	if stmt == nil {
		return
	}
	c.init()
	r := &replay{c: c, at: at}
	r.stmt(stmt)
}

// replay applies one statement.
type replay struct {
	c  *Catalog
	at Origin
	// schema is the schema of unqualified names inside CREATE SCHEMA, ""
	// elsewhere (public).
	schema string
}

func (r *replay) stmt(stmt *pgparse.Node) {
	r.function(stmt)
	switch n := stmt.Node.(type) {
	case *pgparse.Node_CreateStmt:
		r.createTable(n.CreateStmt)
	case *pgparse.Node_CreateTableAsStmt:
		r.createTableAs(n.CreateTableAsStmt)
	case *pgparse.Node_SelectStmt:
		if into := n.SelectStmt.GetIntoClause(); into != nil {
			r.createFromInto(into)
		}
	case *pgparse.Node_AlterTableStmt:
		r.alterTable(n.AlterTableStmt)
	case *pgparse.Node_IndexStmt:
		r.createIndex(n.IndexStmt)
	case *pgparse.Node_RenameStmt:
		r.rename(n.RenameStmt)
	case *pgparse.Node_AlterObjectSchemaStmt:
		r.setSchema(n.AlterObjectSchemaStmt)
	case *pgparse.Node_DropStmt:
		r.drop(n.DropStmt)
	case *pgparse.Node_CreateEnumStmt:
		r.createEnum(n.CreateEnumStmt)
	case *pgparse.Node_AlterEnumStmt:
		r.alterEnum(n.AlterEnumStmt)
	case *pgparse.Node_CreateSchemaStmt:
		r.createSchema(n.CreateSchemaStmt)
	case *pgparse.Node_CreateSeqStmt:
		r.other(n.CreateSeqStmt.GetSequence())
	case *pgparse.Node_ViewStmt:
		r.other(n.ViewStmt.GetView())
	case *pgparse.Node_DoStmt:
		// DDL made conditional in a DO block (IF NOT EXISTS … THEN
		// CREATE TYPE …) is replayed as if it ran.
		for _, inner := range pgparse.DoStatements(n.DoStmt) {
			r.stmt(inner)
		}
	}
}

// schemaOf returns the schema a relation reference is in.
func (r *replay) schemaOf(rv *pgparse.RangeVar) string {
	switch {
	case rv.GetSchemaname() != "":
		return rv.Schemaname
	case r.schema != "":
		return r.schema
	}
	return "public"
}

// key returns the catalog key of a relation reference.
func (r *replay) key(rv *pgparse.RangeVar) string { return Key(r.schemaOf(rv), rv.GetRelname()) }

// table returns the table a relation reference names, or nil.
func (r *replay) table(rv *pgparse.RangeVar) *Table {
	if rv == nil {
		return nil
	}
	return r.c.tables[r.key(rv)]
}

// nameKey returns the catalog key of a name given as String nodes.
func (r *replay) nameKey(items []*pgparse.Node) string {
	s, n := qualified(items)
	if s == "" {
		s = r.schema
	}
	return Key(s, n)
}

// other records a sequence or view, whose name matters to name choice.
func (r *replay) other(rv *pgparse.RangeVar) {
	if rv != nil {
		r.c.others[r.key(rv)] = true
	}
}

// addTable puts a new table into the catalog.
func (r *replay) addTable(t *Table) {
	r.c.seq++
	t.seq = r.c.seq
	r.c.tables[t.Key()] = t
}

// addIndex puts a new index into the catalog.
func (r *replay) addIndex(ix *Index) {
	r.c.seq++
	ix.seq = r.c.seq
	r.c.indexes[ix.Key()] = ix
	r.c.noteIndex(ix)
}

func persistence(p string) byte {
	if p == "t" || p == "u" {
		return p[0]
	}
	return 'p'
}

// pendingConstraint is a constraint of a column or table definition; col
// is the column it was written on, "" for a table constraint.
type pendingConstraint struct {
	con *pgparse.Constraint
	col string
}

func (r *replay) createTable(cs *pgparse.CreateStmt) {
	rv := cs.GetRelation()
	if rv == nil || rv.Relname == "" {
		return
	}
	schema := r.schemaOf(rv)
	if r.c.relationNameUsed(schema, rv.Relname) {
		return // IF NOT EXISTS, or an error
	}
	if createdColumns(cs, r.table) > MaxColumns {
		return // PostgreSQL refuses the table (54011)
	}
	t := &Table{Schema: schema, Name: rv.Relname, Persistence: persistence(rv.Relpersistence),
		Partitioned: cs.Partspec != nil, AccessMethod: cs.AccessMethod, Created: r.at}
	r.addTable(t)
	t.partitioning(cs.Partspec)
	if cs.Partbound != nil {
		t.setBound(cs.Partbound)
	}
	var parent *Table
	for _, inh := range cs.InhRelations {
		prv := inh.GetRangeVar()
		if prv == nil {
			continue
		}
		if cs.Partbound != nil {
			t.PartitionOf = r.key(prv)
		}
		p := r.table(prv)
		if p == nil {
			t.ColumnsUnknown = true
			continue
		}
		r.inherit(t, p, cs.Partbound != nil)
		if cs.Partbound != nil {
			parent = p
		}
	}
	var pending []pendingConstraint
	for _, elt := range cs.TableElts {
		switch e := elt.Node.(type) {
		case *pgparse.Node_ColumnDef:
			pending = append(pending, r.columnDef(t, e.ColumnDef)...)
		case *pgparse.Node_TableLikeClause:
			r.like(t, e.TableLikeClause)
		case *pgparse.Node_Constraint:
			pending = append(pending, pendingConstraint{con: e.Constraint})
		}
	}
	for _, n := range cs.Constraints {
		if con := n.GetConstraint(); con != nil {
			pending = append(pending, pendingConstraint{con: con})
		}
	}
	r.constraints(t, pending, true, true)
	if parent != nil {
		r.cloneIndexes(parent, t)
	}
}

// constraints adds the constraints of a definition in PostgreSQL's order,
// which decides generated names: CHECK first, then the primary key, the
// other index-backed constraints, and the foreign keys.
func (r *replay) constraints(t *Table, pending []pendingConstraint, creating, recurse bool) {
	order := [][]pgparse.ConstrType{
		{pgparse.ConstrType_CONSTR_CHECK},
		{pgparse.ConstrType_CONSTR_PRIMARY},
		{pgparse.ConstrType_CONSTR_UNIQUE, pgparse.ConstrType_CONSTR_EXCLUSION},
		{pgparse.ConstrType_CONSTR_FOREIGN},
	}
	for _, kinds := range order {
		for _, p := range pending {
			for _, k := range kinds {
				if p.con.Contype == k {
					r.addConstraint(t, p.con, p.col, creating, recurse)
				}
			}
		}
	}
}

// columnDef adds a column definition to t, or merges it into an inherited
// column of the same name, and returns its constraints that are table
// constraints in the catalog.
func (r *replay) columnDef(t *Table, cd *pgparse.ColumnDef) []pendingConstraint {
	if cd.Colname == "" {
		return nil
	}
	col := t.Column(cd.Colname)
	if col == nil {
		if cd.TypeName == nil {
			return nil
		}
		col = &Column{Name: cd.Colname, Created: r.at}
		t.Columns = append(t.Columns, col)
	}
	if cd.TypeName != nil {
		col.Type = TypeOf(cd.TypeName)
	}
	if base, ok := col.Type.SerialBase(); ok {
		col.Type, col.NotNull = base, true
		seq := r.c.chooseRelationName(t.Schema, t.Name, col.Name, "seq", false)
		r.c.others[Key(t.Schema, seq)] = true
		col.Default = "nextval(" + quoteLiteral(regclassName(t.Schema, seq)) + "::regclass)"
	}
	if cc := cd.GetCollClause(); cc != nil {
		_, col.Collation = qualified(cc.Collname)
	}
	col.NotNull = col.NotNull || cd.IsNotNull
	var pending []pendingConstraint
	for _, n := range cd.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pgparse.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pgparse.ConstrType_CONSTR_DEFAULT:
			col.Default = exprSQL(con.RawExpr)
		case pgparse.ConstrType_CONSTR_IDENTITY:
			col.Identity, col.NotNull = generatedWhen(con.GeneratedWhen), true
			seq := r.c.chooseRelationName(t.Schema, t.Name, col.Name, "seq", false)
			r.c.others[Key(t.Schema, seq)] = true
		case pgparse.ConstrType_CONSTR_GENERATED:
			col.Generated, col.GenerationExpr = true, exprSQL(con.RawExpr)
		case pgparse.ConstrType_CONSTR_CHECK, pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE,
			pgparse.ConstrType_CONSTR_FOREIGN, pgparse.ConstrType_CONSTR_EXCLUSION:
			pending = append(pending, pendingConstraint{con: con, col: col.Name})
		}
	}
	return pending
}

func generatedWhen(s string) byte {
	if s == "d" {
		return 'd'
	}
	return 'a'
}

// inherit copies the columns of a parent into a new child table, with its
// CHECK constraints, and for a partition also its foreign keys.
func (r *replay) inherit(t, parent *Table, partition bool) {
	for _, pc := range parent.Columns {
		if t.Column(pc.Name) != nil {
			continue
		}
		cc := *pc
		cc.Type.Mods = clone(pc.Type.Mods)
		cc.Identity, cc.Created = 0, r.at
		t.Columns = append(t.Columns, &cc)
	}
	t.ColumnsUnknown = t.ColumnsUnknown || parent.ColumnsUnknown
	for _, con := range parent.Constraints {
		if con.Kind == Check || (partition && con.Kind == ForeignKey) {
			r.copyConstraint(t, con)
		}
	}
}

// copyConstraint gives t a copy of a constraint of its parent or LIKE
// source, under the same name, unless t has a constraint of that name.
// The copy is valid: PostgreSQL checks it when it makes it.
func (r *replay) copyConstraint(t *Table, con *Constraint) {
	if t.Constraint(con.Name) != nil {
		return
	}
	cp := con.clone()
	cp.Created, cp.Validated, cp.ValidatedAt = r.at, true, r.at
	t.Constraints = append(t.Constraints, cp)
	r.c.note(t, cp)
}

// TableLikeClause option bits (PostgreSQL's TableLikeOption).
const (
	likeConstraints = 1 << 2
	likeDefaults    = 1 << 3
	likeGenerated   = 1 << 4
	likeIdentity    = 1 << 5
	likeIndexes     = 1 << 6
)

// like copies the columns of LIKE source into t: names, types, NOT NULL,
// and what the INCLUDING options ask for (defaults, generated and identity
// columns, CHECK constraints, indexes). An unknown source is skipped and
// leaves t with unknown columns.
func (r *replay) like(t *Table, lc *pgparse.TableLikeClause) {
	src := r.table(lc.GetRelation())
	if src == nil {
		t.ColumnsUnknown = true
		return
	}
	t.ColumnsUnknown = t.ColumnsUnknown || src.ColumnsUnknown
	for _, sc := range src.Columns {
		if t.Column(sc.Name) != nil {
			continue
		}
		col := &Column{Name: sc.Name, Type: sc.Type, NotNull: sc.NotNull, Collation: sc.Collation, Created: r.at}
		col.Type.Mods = clone(sc.Type.Mods)
		if lc.Options&likeDefaults != 0 && !sc.Generated {
			col.Default = sc.Default
		}
		if lc.Options&likeGenerated != 0 && sc.Generated {
			col.Generated, col.GenerationExpr = true, sc.GenerationExpr
		}
		if lc.Options&likeIdentity != 0 {
			col.Identity = sc.Identity
		}
		t.Columns = append(t.Columns, col)
	}
	if lc.Options&likeConstraints != 0 {
		for _, con := range src.Constraints {
			if con.Kind == Check {
				r.copyConstraint(t, con)
			}
		}
	}
	if lc.Options&likeIndexes != 0 {
		for _, ix := range r.c.IndexesOn(src.Key()) {
			r.copyIndex(ix, src, t, false, 0)
		}
	}
}

// createTableAs records the table of CREATE TABLE AS; materialized views
// are only remembered by name.
func (r *replay) createTableAs(s *pgparse.CreateTableAsStmt) {
	if s.Objtype != pgparse.ObjectType_OBJECT_TABLE {
		r.other(s.GetInto().GetRel())
		return
	}
	if s.Into != nil {
		r.createFromInto(s.Into)
	}
}

// createFromInto adds the table of CREATE TABLE AS or SELECT INTO. Its
// columns are named when the statement lists them, and never typed.
func (r *replay) createFromInto(into *pgparse.IntoClause) {
	rv := into.GetRel()
	if rv == nil || rv.Relname == "" {
		return
	}
	schema := r.schemaOf(rv)
	if r.c.relationNameUsed(schema, rv.Relname) {
		return
	}
	t := &Table{Schema: schema, Name: rv.Relname, Persistence: persistence(rv.Relpersistence),
		AccessMethod: into.AccessMethod, ColumnsUnknown: true, Created: r.at}
	for _, n := range names(into.ColNames) {
		t.Columns = append(t.Columns, &Column{Name: n, Created: r.at})
	}
	r.addTable(t)
}

// createIndex adds the index of CREATE INDEX, and for a partitioned table
// (unless ON ONLY) a matching index on each partition.
func (r *replay) createIndex(s *pgparse.IndexStmt) {
	t := r.table(s.Relation)
	if t == nil {
		r.createIndexOnOther(s)
		return
	}
	ix := &Index{Schema: t.Schema, Table: t.Key(), Unique: s.Unique, Partitioned: t.Partitioned,
		Method: s.AccessMethod, Where: exprSQL(s.WhereClause), Created: r.at}
	if ix.Method == "" {
		ix.Method = "btree"
	}
	colNames := ix.setColumns(s.IndexParams, s.IndexIncludingParams, s.WhereClause)
	ix.Name = s.Idxname
	if ix.Name == "" {
		ix.Name = r.c.indexName(t.Schema, t.Name, uniqueColNames(colNames), false, false, false)
	}
	if r.c.relationNameUsed(ix.Schema, ix.Name) {
		return
	}
	r.addIndex(ix)
	if s.Relation.Inh {
		for _, p := range r.c.Partitions(t.Key()) {
			r.copyIndex(ix, t, p, true, 0)
		}
	}
}

// createIndexOnOther adds the index of CREATE INDEX on a relation that is
// no table the catalog knows: a materialized view, or a table that the
// migrations did not create (a base schema loaded another way). Only its
// name and relation are known for sure, which is what a lock on it needs:
// DROP INDEX and REINDEX lock the relation it is on.
func (r *replay) createIndexOnOther(s *pgparse.IndexStmt) {
	if s.Relation == nil || s.Relation.Relname == "" || s.Idxname == "" {
		return
	}
	rel := r.key(s.Relation)
	ix := &Index{Schema: r.schemaOf(s.Relation), Name: s.Idxname, Table: rel, Unique: s.Unique,
		Method: s.AccessMethod, Where: exprSQL(s.WhereClause), Created: r.at}
	if ix.Method == "" {
		ix.Method = "btree"
	}
	ix.setColumns(s.IndexParams, s.IndexIncludingParams, s.WhereClause)
	if r.c.relationNameUsed(ix.Schema, ix.Name) {
		return
	}
	r.addIndex(ix)
}

// setColumns fills Columns, Include and refs from index elements and
// returns the names that a generated index name is made of.
func (ix *Index) setColumns(params, including []*pgparse.Node, where *pgparse.Node) []string {
	var colNames []string
	for _, p := range params {
		el := p.GetIndexElem()
		if el == nil {
			continue
		}
		if el.Name != "" {
			ix.Columns = append(ix.Columns, el.Name)
			ix.refs = appendUnique(ix.refs, el.Name)
			colNames = append(colNames, el.Name)
			continue
		}
		ix.Columns = append(ix.Columns, "("+exprSQL(el.Expr)+")")
		for _, c := range columnRefs(el.Expr) {
			ix.refs = appendUnique(ix.refs, c)
		}
		colNames = append(colNames, indexColName(el.Expr))
	}
	for _, p := range including {
		if el := p.GetIndexElem(); el != nil && el.Name != "" {
			ix.Include = append(ix.Include, el.Name)
			ix.refs = appendUnique(ix.refs, el.Name)
			colNames = append(colNames, el.Name)
		}
	}
	for _, c := range columnRefs(where) {
		ix.refs = appendUnique(ix.refs, c)
	}
	return colNames
}

func (r *replay) createEnum(s *pgparse.CreateEnumStmt) {
	schema, name := qualified(s.TypeName)
	if name == "" {
		return
	}
	if schema == "" {
		schema = r.schema
	}
	k := Key(schema, name)
	if r.c.enums[k] != nil {
		return
	}
	e := &Enum{Schema: schemaName(schema), Name: name, Created: r.at}
	for _, v := range s.Vals {
		if sv := v.GetString_(); sv != nil {
			e.Values = append(e.Values, sv.Sval)
		}
	}
	r.c.enums[k] = e
}

func schemaName(s string) string {
	if s == "" {
		return "public"
	}
	return s
}

// alterEnum applies ADD VALUE [BEFORE|AFTER] and RENAME VALUE.
func (r *replay) alterEnum(s *pgparse.AlterEnumStmt) {
	e := r.c.enums[r.nameKey(s.TypeName)]
	if e == nil || s.NewVal == "" {
		return
	}
	if s.OldVal != "" {
		if i := indexOf(e.Values, s.OldVal); i >= 0 && indexOf(e.Values, s.NewVal) < 0 {
			e.Values[i] = s.NewVal
		}
		return
	}
	if indexOf(e.Values, s.NewVal) >= 0 {
		return // IF NOT EXISTS, or an error
	}
	at := len(e.Values)
	if s.NewValNeighbor != "" {
		at = indexOf(e.Values, s.NewValNeighbor)
		if at < 0 {
			return
		}
		if s.NewValIsAfter {
			at++
		}
	}
	e.Values = append(e.Values, "")
	copy(e.Values[at+1:], e.Values[at:])
	e.Values[at] = s.NewVal
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// createSchema adds a schema and the objects created with it.
func (r *replay) createSchema(s *pgparse.CreateSchemaStmt) {
	name := s.Schemaname
	if name == "" {
		name = s.GetAuthrole().GetRolename()
	}
	if name == "" || r.c.schemas[name] {
		return
	}
	r.c.schemas[name] = true
	inner := &replay{c: r.c, at: r.at, schema: name}
	for _, elt := range s.SchemaElts {
		inner.stmt(elt)
	}
}

// quoteLiteral quotes s as an SQL string literal.
func quoteLiteral(s string) string {
	out := make([]byte, 0, len(s)+2)
	out = append(out, '\'')
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, '\'')
		}
		out = append(out, s[i])
	}
	return string(append(out, '\''))
}

// quoteIdent quotes an identifier when PostgreSQL would print it quoted
// (keywords aside).
func quoteIdent(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		ch := s[i]
		plain = ch == '_' || (ch >= 'a' && ch <= 'z') || (i > 0 && ch >= '0' && ch <= '9')
	}
	if plain {
		return s
	}
	out := make([]byte, 0, len(s)+2)
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}

// regclassName is how a relation prints as regclass with search_path set
// to public: qualified unless it is in public.
func regclassName(schema, name string) string {
	if schema == "public" || schema == "" {
		return quoteIdent(name)
	}
	return quoteIdent(schema) + "." + quoteIdent(name)
}
