package schema

import (
	"errors"
	"io"
	"sort"
	"unsafe"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/wire"
)

// A snapshot is a Catalog written as bytes, for a cache to keep the schema
// that the files before a point build: loading it costs a fraction of
// replaying them. Everything the replay and the rules read is kept,
// unexported fields included; the indexes of foreign keys and indexes by
// table are rebuilt on load, as Clone rebuilds them. TestSnapshotFields
// fails when a field is added to a type of the catalog and not here.
// Maps are written in the order Go ranges over them, so two snapshots of
// one catalog may differ in their bytes (the tests sort them).

// snapshotVersion starts every snapshot; a change of the layout changes it.
const snapshotVersion = 1

// SnapshotWriter writes snapshots of catalogs.
type SnapshotWriter struct {
	// sorted writes maps in key order, so that equal catalogs give equal
	// bytes (for the tests).
	sorted bool
	// piece is the buffer that Write gathers a piece in, kept for the
	// next snapshot.
	piece []byte
}

// Append appends the snapshot of c to b, whole (the tests compare
// snapshots so; a run keeps them with Write). It does not fail today;
// the error is the callers' to pass on should a part of a catalog ever
// be one it cannot write.
func (w *SnapshotWriter) Append(b []byte, c *Catalog) ([]byte, error) {
	e := &snapEncoder{Encoder: wire.Encoder{B: b}, seen: map[string]int{}, w: w}
	e.catalog(c)
	return e.B, e.err
}

// Write writes prefix and then the snapshot of c to out: the bytes that
// Append appends, a piece of about spillSize bytes at a time, so that a
// snapshot of any size takes no more memory than a piece (a snapshot of
// the 10,000-migration corpus takes 15 MB). It returns the first error
// of out.
func (w *SnapshotWriter) Write(out io.Writer, prefix []byte, c *Catalog) error {
	if cap(w.piece) == 0 {
		w.piece = make([]byte, 0, spillSize+spillSize/4)
	}
	e := &snapEncoder{Encoder: wire.Encoder{B: append(w.piece[:0], prefix...)}, seen: map[string]int{}, w: w, out: out}
	e.catalog(c)
	e.flush()
	w.piece = e.B[:0]
	return e.err
}

// spillSize is how many bytes Write gathers before it writes them.
const spillSize = 256 << 10

// catalog writes c. When the encoder writes to out, it spills what it
// gathered between the objects of the catalog.
func (e *snapEncoder) catalog(c *Catalog) {
	w := e.w
	e.Uint(snapshotVersion)
	e.Int(c.seq)
	e.boolMap(c.schemas)
	e.boolMap(c.others)
	e.boolMap(c.conNames)
	e.Uint(len(c.tables))
	for _, k := range keysOf(c.tables, w.sorted) {
		e.Str(k)
		e.table(c.tables[k])
		e.spill()
	}
	e.Uint(len(c.indexes))
	for _, k := range keysOf(c.indexes, w.sorted) {
		e.Str(k)
		e.index(c.indexes[k])
		e.spill()
	}
	e.Uint(len(c.enums))
	for _, k := range keysOf(c.enums, w.sorted) {
		e.Str(k)
		en := c.enums[k]
		e.Str(en.Schema)
		e.Str(en.Name)
		e.strs(en.Values)
		e.origin(en.Created)
		e.spill()
	}
	e.Uint(len(c.funcs))
	for _, k := range keysOf(c.funcs, w.sorted) {
		e.Str(k)
		e.functions(c.funcs[k])
		e.spill()
	}
}

// spill writes out what the encoder gathered once it reaches spillSize,
// when it writes to out.
func (e *snapEncoder) spill() {
	if e.out != nil && len(e.B) >= spillSize {
		e.flush()
	}
}

// flush writes out what the encoder gathered, when it writes to out.
func (e *snapEncoder) flush() {
	if e.out == nil || len(e.B) == 0 {
		return
	}
	if e.err == nil {
		_, e.err = e.out.Write(e.B)
	}
	e.B = e.B[:0]
}

// keysOf returns the keys of a map, sorted when asked.
func keysOf[V any](m map[string]V, sorted bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	if sorted {
		sort.Strings(keys)
	}
	return keys
}

// snapEncoder writes one snapshot. The paths of origins, which every
// object repeats, are written once and then by their number; other
// strings are written out.
type snapEncoder struct {
	wire.Encoder
	seen map[string]int // the numbers of the paths written
	// last is the path written last and its number: most objects in a
	// row come from one file and share its path's bytes.
	last    string
	lastNum int
	w       *SnapshotWriter
	// out, when set, is where the snapshot goes piece by piece (see
	// SnapshotWriter.Write); err is its first error.
	out io.Writer
	err error
}

// path writes the path of an origin.
func (e *snapEncoder) path(s string) {
	if len(s) == len(e.last) && unsafe.StringData(s) == unsafe.StringData(e.last) {
		e.Uint(e.lastNum + 1)
		return
	}
	n, ok := e.seen[s]
	if !ok {
		n = len(e.seen)
		e.seen[s] = n
		e.Uint(0)
		e.Str(s)
	} else {
		e.Uint(n + 1)
	}
	e.last, e.lastNum = s, n
}

func (e *snapEncoder) strs(ss []string) {
	e.Uint(len(ss))
	for _, s := range ss {
		e.Str(s)
	}
}

// optStrs writes a slice, keeping a nil slice apart from an empty one.
func (e *snapEncoder) optStrs(ss []string) {
	if ss == nil {
		e.Uint(0)
		return
	}
	e.Uint(len(ss) + 1)
	for _, s := range ss {
		e.Str(s)
	}
}

func (e *snapEncoder) boolMap(m map[string]bool) {
	e.Uint(len(m))
	for _, k := range keysOf(m, e.w.sorted) {
		e.Str(k)
		e.Bool(m[k])
		e.spill()
	}
}

func (e *snapEncoder) origin(o Origin) {
	e.path(o.File)
	e.Int(o.Tx)
}

func (e *snapEncoder) table(t *Table) {
	e.Str(t.Schema)
	e.Str(t.Name)
	e.Uint(len(t.Columns))
	for _, c := range t.Columns {
		e.column(c)
	}
	e.Uint(len(t.Constraints))
	for _, c := range t.Constraints {
		e.constraint(c)
	}
	e.Bool(t.Partitioned)
	e.Str(t.PartitionOf)
	e.Str(t.PartitionStrategy)
	e.optStrs(t.PartitionKey)
	e.Bool(t.DefaultPartition)
	e.Byte(t.Persistence)
	e.Str(t.AccessMethod)
	e.Bool(t.ColumnsUnknown)
	e.origin(t.Created)
	e.Int(t.seq)
	e.Int(t.dropped)
}

func (e *snapEncoder) column(c *Column) {
	e.Str(c.Name)
	e.Str(c.Type.Name)
	if c.Type.Mods == nil {
		e.Uint(0)
	} else {
		e.Uint(len(c.Type.Mods) + 1)
		for _, m := range c.Type.Mods {
			e.Int(int(m))
		}
	}
	e.Bool(c.Type.Array)
	e.Bool(c.NotNull)
	e.Str(c.Default)
	e.Byte(c.Identity)
	e.Bool(c.Generated)
	e.Str(c.GenerationExpr)
	e.Str(c.Collation)
	e.origin(c.Created)
}

func (e *snapEncoder) constraint(c *Constraint) {
	e.Str(c.Name)
	e.Int(int(c.Kind))
	e.optStrs(c.Columns)
	e.Str(c.RefTable)
	e.optStrs(c.RefColumns)
	e.Bool(c.Validated)
	e.origin(c.ValidatedAt)
	e.Str(c.NotNullColumn)
	e.Str(c.Index)
	e.expr(c)
	e.origin(c.Created)
	e.optStrs(c.refs)
	e.optStrs(c.notNull)
}

// expr writes the CHECK expression of a constraint: its protobuf
// encoding, which the constraint keeps (see setExpr).
func (e *snapEncoder) expr(c *Constraint) {
	if c.exprEnc == "" {
		e.Uint(0)
		return
	}
	e.Uint(1)
	e.Str(c.exprEnc)
}

func (e *snapEncoder) index(ix *Index) {
	e.Str(ix.Schema)
	e.Str(ix.Name)
	e.Str(ix.Table)
	e.optStrs(ix.Columns)
	e.Bool(ix.Unique)
	e.Bool(ix.Partitioned)
	e.Str(ix.Constraint)
	e.Str(ix.Method)
	e.optStrs(ix.Include)
	e.Str(ix.Where)
	e.origin(ix.Created)
	e.optStrs(ix.refs)
	e.Str(ix.parent)
	e.Int(ix.seq)
}

func (e *snapEncoder) functions(fs []*Function) {
	if fs == nil {
		e.Uint(0)
		return
	}
	e.Uint(len(fs) + 1)
	for _, f := range fs {
		e.Str(f.Schema)
		e.Str(f.Name)
		e.Str(f.Args)
		e.Byte(f.Volatility)
		e.Bool(f.Procedure)
		e.origin(f.Created)
	}
}

// errSnapshot is a snapshot that cannot be read: cut short, corrupt, or of
// another layout.
var errSnapshot = errors.New("schema: unreadable snapshot")

// LoadSnapshot reads a catalog from a snapshot written by a
// SnapshotWriter. The catalog's strings are cut from b, not copied: b
// must not change afterwards.
func LoadSnapshot(b []byte) (*Catalog, error) {
	d := &snapDecoder{Decoder: wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}}
	if d.Uint() != snapshotVersion {
		return nil, errSnapshot
	}
	c := New()
	c.seq = d.Int()
	c.schemas = d.boolMap()
	c.others = d.boolMap()
	c.conNames = d.boolMap()
	// Objects are allocated in arrays, one per kind (and per table for
	// its columns and constraints): allocation is most of the cost of a
	// load.
	tables := make([]Table, d.Count())
	c.tables = make(map[string]*Table, len(tables))
	for i := range tables {
		if d.Err != nil {
			break
		}
		k := d.Str()
		d.table(&tables[i])
		c.tables[k] = &tables[i]
	}
	indexes := make([]Index, d.Count())
	c.indexes = make(map[string]*Index, len(indexes))
	for i := range indexes {
		if d.Err != nil {
			break
		}
		k := d.Str()
		d.index(&indexes[i])
		c.indexes[k] = &indexes[i]
	}
	for n := d.Count(); n > 0 && d.Err == nil; n-- {
		k := d.Str()
		c.enums[k] = &Enum{Schema: d.Str(), Name: d.Str(), Values: d.strs(), Created: d.origin()}
	}
	if n := d.Count(); n > 0 {
		c.funcs = make(map[string][]*Function, n)
		for ; n > 0 && d.Err == nil; n-- {
			k := d.Str()
			c.funcs[k] = d.functions()
		}
	}
	if d.Err != nil || len(d.B) != 0 {
		return nil, errSnapshot
	}
	c.underived = true
	return c, nil
}

// snapDecoder reads a snapshot; the first problem stops it and is kept
// in err, after which every read returns a zero value. b is the rest of
// the snapshot as a string: the strings of the catalog are cut from it
// rather than copied one by one.
type snapDecoder struct {
	wire.Decoder
	seen  []string // the paths read, by number
	arena []string // what strSlice cuts slices from
}

// path reads the path of an origin.
func (d *snapDecoder) path() string {
	ref := d.Uint()
	if ref > 0 {
		if ref > len(d.seen) {
			d.Fail()
			return ""
		}
		return d.seen[ref-1]
	}
	s := d.Str()
	if d.Err == nil {
		d.seen = append(d.seen, s)
	}
	return s
}

func (d *snapDecoder) strs() []string {
	n := d.Count()
	out := make([]string, 0, n)
	for ; n > 0 && d.Err == nil; n-- {
		out = append(out, d.Str())
	}
	return out
}

func (d *snapDecoder) optStrs() []string {
	n := d.Count()
	if n == 0 {
		return nil
	}
	out := d.strSlice(n - 1)
	for i := range out {
		out[i] = d.Str()
	}
	return out
}

// strSlice returns a slice of n strings cut from a larger array, with no
// room to grow: an append copies it.
func (d *snapDecoder) strSlice(n int) []string {
	if n > len(d.arena) {
		d.arena = make([]string, max(n, 1024))
	}
	out := d.arena[:n:n]
	d.arena = d.arena[n:]
	return out
}

func (d *snapDecoder) boolMap() map[string]bool {
	n := d.Count()
	m := make(map[string]bool, n)
	for ; n > 0 && d.Err == nil; n-- {
		k := d.Str()
		m[k] = d.Bool()
	}
	return m
}

func (d *snapDecoder) origin() Origin { return Origin{File: d.path(), Tx: d.Int()} }

func (d *snapDecoder) table(t *Table) {
	t.Schema, t.Name = d.Str(), d.Str()
	if n := d.Count(); n > 0 {
		cols := make([]Column, n)
		t.Columns = make([]*Column, n)
		for i := range cols {
			d.column(&cols[i])
			t.Columns[i] = &cols[i]
		}
	}
	if n := d.Count(); n > 0 {
		cons := make([]Constraint, n)
		t.Constraints = make([]*Constraint, n)
		for i := range cons {
			d.constraint(&cons[i])
			t.Constraints[i] = &cons[i]
		}
	}
	t.Partitioned = d.Bool()
	t.PartitionOf = d.Str()
	t.PartitionStrategy = d.Str()
	t.PartitionKey = d.optStrs()
	t.DefaultPartition = d.Bool()
	t.Persistence = d.Byte()
	t.AccessMethod = d.Str()
	t.ColumnsUnknown = d.Bool()
	t.Created = d.origin()
	t.seq = d.Int()
	t.dropped = d.Int()
}

func (d *snapDecoder) column(c *Column) {
	c.Name = d.Str()
	c.Type.Name = d.Str()
	if n := d.Count(); n > 0 {
		c.Type.Mods = make([]int32, 0, n-1)
		for n--; n > 0 && d.Err == nil; n-- {
			c.Type.Mods = append(c.Type.Mods, int32(d.Int()))
		}
	}
	c.Type.Array = d.Bool()
	c.NotNull = d.Bool()
	c.Default = d.Str()
	c.Identity = d.Byte()
	c.Generated = d.Bool()
	c.GenerationExpr = d.Str()
	c.Collation = d.Str()
	c.Created = d.origin()
}

func (d *snapDecoder) constraint(c *Constraint) {
	c.Name, c.Kind = d.Str(), ConstraintKind(d.Int())
	c.Columns = d.optStrs()
	c.RefTable = d.Str()
	c.RefColumns = d.optStrs()
	c.Validated = d.Bool()
	c.ValidatedAt = d.origin()
	c.NotNullColumn = d.Str()
	c.Index = d.Str()
	c.exprEnc = d.expr()
	c.Created = d.origin()
	c.refs = d.optStrs()
	c.notNull = d.optStrs()
}

// expr reads the encoding of a CHECK expression, which checkExpr decodes
// when it is asked for.
func (d *snapDecoder) expr() string {
	switch d.Byte() {
	case 0:
		return ""
	case 1:
		return d.Str()
	}
	d.Fail()
	return ""
}

// setExpr keeps the CHECK expression of a constraint encoded, as a
// snapshot holds it: a replay keeps every CHECK of the schema, and the
// encoding is a fraction of the size of the parse tree, which is then
// left to the collector with the rest of its statement.
func (c *Constraint) setExpr(n *pgparse.Node) {
	c.expr, c.exprEnc = nil, string(pgparse.MarshalNode(n))
}

// checkExpr returns the CHECK expression of a constraint, decoding it the
// first time it is asked for; the encoding stays for the snapshots.
func (c *Constraint) checkExpr() *pgparse.Node {
	if c.expr == nil && c.exprEnc != "" {
		if n, err := pgparse.UnmarshalNode([]byte(c.exprEnc)); err == nil {
			c.expr = n
		}
	}
	return c.expr
}

func (d *snapDecoder) index(ix *Index) {
	ix.Schema, ix.Name, ix.Table = d.Str(), d.Str(), d.Str()
	ix.Columns = d.optStrs()
	ix.Unique = d.Bool()
	ix.Partitioned = d.Bool()
	ix.Constraint = d.Str()
	ix.Method = d.Str()
	ix.Include = d.optStrs()
	ix.Where = d.Str()
	ix.Created = d.origin()
	ix.refs = d.optStrs()
	ix.parent = d.Str()
	ix.seq = d.Int()
}

func (d *snapDecoder) functions() []*Function {
	n := d.Count()
	if n == 0 {
		return nil
	}
	out := make([]*Function, 0, n-1)
	for n--; n > 0 && d.Err == nil; n-- {
		f := &Function{Schema: d.Str(), Name: d.Str(), Args: d.Str()}
		f.Volatility = d.Byte()
		f.Procedure = d.Bool()
		f.Created = d.origin()
		out = append(out, f)
	}
	return out
}
