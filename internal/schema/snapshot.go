package schema

import (
	"encoding/binary"
	"errors"
	"math"
	"sort"
	"unsafe"

	"github.com/migguard/migguard/internal/pgparse"
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

// SnapshotWriter writes snapshots of catalogs. It remembers the encoding
// of each CHECK expression it wrote, since successive snapshots of one
// replay hold mostly the same constraints.
type SnapshotWriter struct {
	exprs map[*pgparse.Node][]byte
	// size is the length of the last snapshot, which the next one likely
	// exceeds a little.
	size int
	// sorted writes maps in key order, so that equal catalogs give equal
	// bytes (for the tests).
	sorted bool
}

// Append appends the snapshot of c to b.
func (w *SnapshotWriter) Append(b []byte, c *Catalog) ([]byte, error) {
	if w.exprs == nil {
		w.exprs = map[*pgparse.Node][]byte{}
	}
	if cap(b)-len(b) < w.size {
		b = append(make([]byte, 0, len(b)+w.size+w.size/8), b...)
	}
	start := len(b)
	e := &snapEncoder{b: b, seen: map[string]int{}, w: w}
	e.uint(snapshotVersion)
	e.int(c.seq)
	e.boolMap(c.schemas)
	e.boolMap(c.others)
	e.boolMap(c.conNames)
	e.uint(len(c.tables))
	for _, k := range keysOf(c.tables, w.sorted) {
		e.str(k)
		e.table(c.tables[k])
	}
	e.uint(len(c.indexes))
	for _, k := range keysOf(c.indexes, w.sorted) {
		e.str(k)
		e.index(c.indexes[k])
	}
	e.uint(len(c.enums))
	for _, k := range keysOf(c.enums, w.sorted) {
		e.str(k)
		en := c.enums[k]
		e.str(en.Schema)
		e.str(en.Name)
		e.strs(en.Values)
		e.origin(en.Created)
	}
	e.uint(len(c.funcs))
	for _, k := range keysOf(c.funcs, w.sorted) {
		e.str(k)
		e.functions(c.funcs[k])
	}
	w.size = len(e.b) - start
	return e.b, e.err
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
	b    []byte
	seen map[string]int // the numbers of the paths written
	// last is the path written last and its number: most objects in a
	// row come from one file and share its path's bytes.
	last    string
	lastNum int
	w       *SnapshotWriter
	err     error
}

func (e *snapEncoder) uint(v int)  { e.b = binary.AppendUvarint(e.b, uint64(v)) }
func (e *snapEncoder) int(v int)   { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *snapEncoder) byte(v byte) { e.b = append(e.b, v) }
func (e *snapEncoder) bool(v bool) { e.b = append(e.b, boolByte(v)) }
func (e *snapEncoder) bytes(v []byte) {
	e.uint(len(v))
	e.b = append(e.b, v...)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func (e *snapEncoder) str(s string) {
	e.uint(len(s))
	e.b = append(e.b, s...)
}

// path writes the path of an origin.
func (e *snapEncoder) path(s string) {
	if len(s) == len(e.last) && unsafe.StringData(s) == unsafe.StringData(e.last) {
		e.uint(e.lastNum + 1)
		return
	}
	n, ok := e.seen[s]
	if !ok {
		n = len(e.seen)
		e.seen[s] = n
		e.uint(0)
		e.str(s)
	} else {
		e.uint(n + 1)
	}
	e.last, e.lastNum = s, n
}

func (e *snapEncoder) strs(ss []string) {
	e.uint(len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

// optStrs writes a slice, keeping a nil slice apart from an empty one.
func (e *snapEncoder) optStrs(ss []string) {
	if ss == nil {
		e.uint(0)
		return
	}
	e.uint(len(ss) + 1)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *snapEncoder) boolMap(m map[string]bool) {
	e.uint(len(m))
	for _, k := range keysOf(m, e.w.sorted) {
		e.str(k)
		e.bool(m[k])
	}
}

func (e *snapEncoder) origin(o Origin) {
	e.path(o.File)
	e.int(o.Tx)
}

func (e *snapEncoder) table(t *Table) {
	e.str(t.Schema)
	e.str(t.Name)
	e.uint(len(t.Columns))
	for _, c := range t.Columns {
		e.column(c)
	}
	e.uint(len(t.Constraints))
	for _, c := range t.Constraints {
		e.constraint(c)
	}
	e.bool(t.Partitioned)
	e.str(t.PartitionOf)
	e.str(t.PartitionStrategy)
	e.optStrs(t.PartitionKey)
	e.bool(t.DefaultPartition)
	e.byte(t.Persistence)
	e.bool(t.ColumnsUnknown)
	e.origin(t.Created)
	e.int(t.seq)
	e.int(t.dropped)
}

func (e *snapEncoder) column(c *Column) {
	e.str(c.Name)
	e.str(c.Type.Name)
	if c.Type.Mods == nil {
		e.uint(0)
	} else {
		e.uint(len(c.Type.Mods) + 1)
		for _, m := range c.Type.Mods {
			e.int(int(m))
		}
	}
	e.bool(c.Type.Array)
	e.bool(c.NotNull)
	e.str(c.Default)
	e.byte(c.Identity)
	e.bool(c.Generated)
	e.str(c.GenerationExpr)
	e.str(c.Collation)
	e.origin(c.Created)
}

func (e *snapEncoder) constraint(c *Constraint) {
	e.str(c.Name)
	e.int(int(c.Kind))
	e.optStrs(c.Columns)
	e.str(c.RefTable)
	e.optStrs(c.RefColumns)
	e.bool(c.Validated)
	e.origin(c.ValidatedAt)
	e.str(c.NotNullColumn)
	e.str(c.Index)
	e.expr(c)
	e.origin(c.Created)
	e.optStrs(c.refs)
	e.optStrs(c.notNull)
}

// expr writes the CHECK expression of a constraint: its protobuf
// encoding, remembered by the writer, or kept from the snapshot it was
// loaded from.
func (e *snapEncoder) expr(c *Constraint) {
	n := c.expr
	if n == nil && c.exprEnc != "" {
		e.byte(1)
		e.str(c.exprEnc)
		return
	}
	if n == nil {
		e.uint(0)
		return
	}
	b, ok := e.w.exprs[n]
	if !ok {
		var err error
		if b, err = pgparse.MarshalNode(n); err != nil {
			e.err = err
			return
		}
		e.w.exprs[n] = b
	}
	e.uint(1)
	e.bytes(b)
}

func (e *snapEncoder) index(ix *Index) {
	e.str(ix.Schema)
	e.str(ix.Name)
	e.str(ix.Table)
	e.optStrs(ix.Columns)
	e.bool(ix.Unique)
	e.bool(ix.Partitioned)
	e.str(ix.Constraint)
	e.str(ix.Method)
	e.optStrs(ix.Include)
	e.str(ix.Where)
	e.origin(ix.Created)
	e.optStrs(ix.refs)
	e.str(ix.parent)
	e.int(ix.seq)
}

func (e *snapEncoder) functions(fs []*Function) {
	if fs == nil {
		e.uint(0)
		return
	}
	e.uint(len(fs) + 1)
	for _, f := range fs {
		e.str(f.Schema)
		e.str(f.Name)
		e.str(f.Args)
		e.byte(f.Volatility)
		e.bool(f.Procedure)
		e.origin(f.Created)
	}
}

// errSnapshot is a snapshot that cannot be read: cut short, corrupt, or of
// another layout.
var errSnapshot = errors.New("schema: unreadable snapshot")

// LoadSnapshot reads a catalog from a snapshot written by a
// SnapshotWriter.
func LoadSnapshot(b []byte) (*Catalog, error) {
	d := &snapDecoder{b: string(b)}
	if d.uint() != snapshotVersion {
		return nil, errSnapshot
	}
	c := New()
	c.seq = d.int()
	c.schemas = d.boolMap()
	c.others = d.boolMap()
	c.conNames = d.boolMap()
	// Objects are allocated in arrays, one per kind (and per table for
	// its columns and constraints): allocation is most of the cost of a
	// load.
	tables := make([]Table, d.count())
	c.tables = make(map[string]*Table, len(tables))
	for i := range tables {
		if d.err != nil {
			break
		}
		k := d.str()
		d.table(&tables[i])
		c.tables[k] = &tables[i]
	}
	indexes := make([]Index, d.count())
	c.indexes = make(map[string]*Index, len(indexes))
	for i := range indexes {
		if d.err != nil {
			break
		}
		k := d.str()
		d.index(&indexes[i])
		c.indexes[k] = &indexes[i]
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		k := d.str()
		c.enums[k] = &Enum{Schema: d.str(), Name: d.str(), Values: d.strs(), Created: d.origin()}
	}
	if n := d.count(); n > 0 {
		c.funcs = make(map[string][]*Function, n)
		for ; n > 0 && d.err == nil; n-- {
			k := d.str()
			c.funcs[k] = d.functions()
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errSnapshot
	}
	for _, t := range c.tables {
		for _, con := range t.Constraints {
			c.note(t, con)
		}
	}
	for _, ix := range c.indexes {
		c.noteIndex(ix)
	}
	return c, nil
}

// snapDecoder reads a snapshot; the first problem stops it and is kept
// in err, after which every read returns a zero value. b is the rest of
// the snapshot as a string: the strings of the catalog are cut from it
// rather than copied one by one.
type snapDecoder struct {
	b     string
	seen  []string // the paths read, by number
	arena []string // what strSlice cuts slices from
	err   error
}

func (d *snapDecoder) fail() {
	d.err, d.b = errSnapshot, ""
}

func (d *snapDecoder) uint() int {
	var v uint64
	for i := 0; i < len(d.b) && i < binary.MaxVarintLen64; i++ {
		c := d.b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if v > math.MaxInt32 {
				break
			}
			d.b = d.b[i+1:]
			return int(v)
		}
	}
	d.fail()
	return 0
}

// count reads a number of items, each at least one byte long.
func (d *snapDecoder) count() int {
	n := d.uint()
	if n > len(d.b) {
		d.fail()
		return 0
	}
	return n
}

func (d *snapDecoder) int() int {
	u := d.uint64()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if v > math.MaxInt32 || v < math.MinInt32 {
		d.fail()
		return 0
	}
	return int(v)
}

// uint64 reads a varint of any size.
func (d *snapDecoder) uint64() uint64 {
	var v uint64
	for i := 0; i < len(d.b) && i < binary.MaxVarintLen64; i++ {
		c := d.b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.b = d.b[i+1:]
			return v
		}
	}
	d.fail()
	return 0
}

func (d *snapDecoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *snapDecoder) bool() bool {
	switch d.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail()
	return false
}

func (d *snapDecoder) str() string {
	n := d.count()
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

// path reads the path of an origin.
func (d *snapDecoder) path() string {
	ref := d.uint()
	if ref > 0 {
		if ref > len(d.seen) {
			d.fail()
			return ""
		}
		return d.seen[ref-1]
	}
	s := d.str()
	if d.err == nil {
		d.seen = append(d.seen, s)
	}
	return s
}

func (d *snapDecoder) strs() []string {
	n := d.count()
	out := make([]string, 0, n)
	for ; n > 0 && d.err == nil; n-- {
		out = append(out, d.str())
	}
	return out
}

func (d *snapDecoder) optStrs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := d.strSlice(n - 1)
	for i := range out {
		out[i] = d.str()
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
	n := d.count()
	m := make(map[string]bool, n)
	for ; n > 0 && d.err == nil; n-- {
		k := d.str()
		m[k] = d.bool()
	}
	return m
}

func (d *snapDecoder) origin() Origin { return Origin{File: d.path(), Tx: d.int()} }

func (d *snapDecoder) table(t *Table) {
	t.Schema, t.Name = d.str(), d.str()
	if n := d.count(); n > 0 {
		cols := make([]Column, n)
		t.Columns = make([]*Column, n)
		for i := range cols {
			d.column(&cols[i])
			t.Columns[i] = &cols[i]
		}
	}
	if n := d.count(); n > 0 {
		cons := make([]Constraint, n)
		t.Constraints = make([]*Constraint, n)
		for i := range cons {
			d.constraint(&cons[i])
			t.Constraints[i] = &cons[i]
		}
	}
	t.Partitioned = d.bool()
	t.PartitionOf = d.str()
	t.PartitionStrategy = d.str()
	t.PartitionKey = d.optStrs()
	t.DefaultPartition = d.bool()
	t.Persistence = d.byte()
	t.ColumnsUnknown = d.bool()
	t.Created = d.origin()
	t.seq = d.int()
	t.dropped = d.int()
}

func (d *snapDecoder) column(c *Column) {
	c.Name = d.str()
	c.Type.Name = d.str()
	if n := d.count(); n > 0 {
		c.Type.Mods = make([]int32, 0, n-1)
		for n--; n > 0 && d.err == nil; n-- {
			c.Type.Mods = append(c.Type.Mods, int32(d.int()))
		}
	}
	c.Type.Array = d.bool()
	c.NotNull = d.bool()
	c.Default = d.str()
	c.Identity = d.byte()
	c.Generated = d.bool()
	c.GenerationExpr = d.str()
	c.Collation = d.str()
	c.Created = d.origin()
}

func (d *snapDecoder) constraint(c *Constraint) {
	c.Name, c.Kind = d.str(), ConstraintKind(d.int())
	c.Columns = d.optStrs()
	c.RefTable = d.str()
	c.RefColumns = d.optStrs()
	c.Validated = d.bool()
	c.ValidatedAt = d.origin()
	c.NotNullColumn = d.str()
	c.Index = d.str()
	c.exprEnc = d.expr()
	c.Created = d.origin()
	c.refs = d.optStrs()
	c.notNull = d.optStrs()
}

// expr reads the encoding of a CHECK expression, which checkExpr decodes
// when it is asked for.
func (d *snapDecoder) expr() string {
	switch d.byte() {
	case 0:
		return ""
	case 1:
		return d.str()
	}
	d.fail()
	return ""
}

// checkExpr returns the CHECK expression of a constraint, decoding it the
// first time when the constraint was loaded from a snapshot.
func (c *Constraint) checkExpr() *pgparse.Node {
	if c.expr == nil && c.exprEnc != "" {
		if n, err := pgparse.UnmarshalNode([]byte(c.exprEnc)); err == nil {
			c.expr = n
		}
		c.exprEnc = ""
	}
	return c.expr
}

func (d *snapDecoder) index(ix *Index) {
	ix.Schema, ix.Name, ix.Table = d.str(), d.str(), d.str()
	ix.Columns = d.optStrs()
	ix.Unique = d.bool()
	ix.Partitioned = d.bool()
	ix.Constraint = d.str()
	ix.Method = d.str()
	ix.Include = d.optStrs()
	ix.Where = d.str()
	ix.Created = d.origin()
	ix.refs = d.optStrs()
	ix.parent = d.str()
	ix.seq = d.int()
}

func (d *snapDecoder) functions() []*Function {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]*Function, 0, n-1)
	for n--; n > 0 && d.err == nil; n-- {
		f := &Function{Schema: d.str(), Name: d.str(), Args: d.str()}
		f.Volatility = d.byte()
		f.Procedure = d.bool()
		f.Created = d.origin()
		out = append(out, f)
	}
	return out
}
