package schema

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/migguard/migguard/internal/pgparse"
)

// Every field of the catalog's types is in the snapshot: a field added to
// one of them must be written and read in snapshot.go, then listed here.
func TestSnapshotFields(t *testing.T) {
	for _, tc := range []struct {
		v      any
		fields string
	}{
		{Catalog{}, "tables indexes enums schemas others funcs seq conNames refBy indexesOn underived"},
		{Table{}, "Schema Name Columns Constraints Partitioned PartitionOf PartitionStrategy PartitionKey DefaultPartition Persistence AccessMethod ColumnsUnknown Created seq dropped"},
		{Column{}, "Name Type Default GenerationExpr Collation Created NotNull Identity Generated"},
		{Type{}, "Name Mods Array"},
		{Constraint{}, "Name Kind Columns RefTable RefColumns Validated ValidatedAt NotNullColumn Index expr exprEnc Created refs notNull"},
		{Index{}, "Schema Name Table Columns Unique Partitioned Constraint Method Include Where Created refs parent seq"},
		{Enum{}, "Schema Name Values Created"},
		{Function{}, "Schema Name Args Volatility Procedure Created"},
		{Origin{}, "File Tx"},
	} {
		rt := reflect.TypeOf(tc.v)
		var got []string
		for i := 0; i < rt.NumField(); i++ {
			got = append(got, rt.Field(i).Name)
		}
		if strings.Join(got, " ") != tc.fields {
			t.Errorf("%s has the fields %q; snapshot.go writes %q: write the new fields in snapshots, then list them here", rt.Name(), strings.Join(got, " "), tc.fields)
		}
	}
}

// fixtureSQL returns the SQL files of the repository's fixtures.
func fixtureSQL(t *testing.T) []string {
	var paths []string
	for _, root := range []string{"../rules/testdata", "../../testdata", "../apply/testdata"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".sql") {
				paths = append(paths, p)
			}
			return nil
		})
	}
	sort.Strings(paths)
	if len(paths) < 100 {
		t.Fatalf("only %d SQL files found", len(paths))
	}
	return paths
}

// Replaying every fixture into one catalog, a snapshot taken after each
// file loads into a catalog that writes the same snapshot, dumps the
// same, and goes on like the original: the next file replayed into both
// leaves them equal.
func TestSnapshotRoundTrip(t *testing.T) {
	c := New()
	w := SnapshotWriter{sorted: true}
	for i, p := range fixtureSQL(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := w.Append(nil, c)
		if err != nil {
			t.Fatalf("before %s: %v", p, err)
		}
		loaded, err := LoadSnapshot(snap)
		if err != nil {
			t.Fatalf("before %s: LoadSnapshot: %v", p, err)
		}
		w2 := SnapshotWriter{sorted: true}
		again, _ := w2.Append(nil, loaded)
		if !bytes.Equal(snap, again) || loaded.Dump() != c.Dump() {
			t.Fatalf("before %s: the loaded catalog differs from the original", p)
		}
		at := Origin{File: p, Tx: i}
		for _, s := range pgparse.Parse(string(data)) {
			c.Apply(s.Node, at)
			loaded.Apply(s.Node, at)
		}
		a, _ := w.Append(nil, c)
		b, _ := w2.Append(nil, loaded)
		if !bytes.Equal(a, b) {
			t.Fatalf("after %s: the loaded catalog replayed it differently", p)
		}
		if !sameLookups(c, loaded) {
			t.Fatalf("after %s: foreign keys or indexes by table differ", p)
		}
		if !sameLookups(c, c.Clone()) {
			t.Fatalf("after %s: a clone's foreign keys or indexes by table differ", p)
		}
		for _, tb := range c.tables {
			for _, con := range tb.Constraints {
				if !c.conNames[con.Name] {
					t.Fatalf("after %s: constraint %s of %s is not among the names constraints have had", p, con.Name, tb.Key())
				}
			}
		}
	}
	if len(c.tables) < 50 {
		t.Fatalf("the fixtures built only %d tables", len(c.tables))
	}
}

// sameLookups compares what the rebuilt indexes of a loaded catalog
// answer with the original's. referencing may answer more tables than
// hold a foreign key to the table (its index only grows); its callers
// look at the constraints of those tables, which must be the same.
func sameLookups(a, b *Catalog) bool {
	for k := range a.tables {
		if !slices.Equal(tableKeys(referencingNow(a, k)), tableKeys(referencingNow(b, k))) {
			return false
		}
		var x, y []string
		for _, ix := range a.IndexesOn(k) {
			x = append(x, ix.Key())
		}
		for _, ix := range b.IndexesOn(k) {
			y = append(y, ix.Key())
		}
		if !slices.Equal(x, y) {
			return false
		}
	}
	return true
}

// referencingNow returns the tables that referencing returns which hold a
// foreign key to the table.
func referencingNow(c *Catalog, key string) []*Table {
	var out []*Table
	for _, t := range c.referencing(key) {
		for _, con := range t.Constraints {
			if con.Kind == ForeignKey && con.RefTable == key {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

func tableKeys(ts []*Table) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Key())
	}
	sort.Strings(out)
	return out
}

// A damaged snapshot is an error, never a panic or a wrong catalog.
func TestSnapshotDamaged(t *testing.T) {
	c := New()
	for _, p := range fixtureSQL(t)[:60] {
		data, _ := os.ReadFile(p)
		for _, s := range pgparse.Parse(string(data)) {
			c.Apply(s.Node, Origin{File: p})
		}
	}
	var w SnapshotWriter
	snap, err := w.Append(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	for cut := 0; cut < len(snap); cut += 1 + cut/7 {
		if _, err := LoadSnapshot(snap[:cut]); err == nil {
			t.Fatalf("a snapshot cut at %d of %d bytes loaded", cut, len(snap))
		}
	}
	for i := 0; i < len(snap); i += 1 + i/5 {
		bad := bytes.Clone(snap)
		bad[i] ^= 0xA5
		LoadSnapshot(bad) // must not panic
	}
	if _, err := LoadSnapshot(append(bytes.Clone(snap), 0)); err == nil {
		t.Error("a snapshot with a byte after it loaded")
	}
}

func FuzzLoadSnapshot(f *testing.F) {
	c := New()
	for _, s := range pgparse.Parse("CREATE TABLE t (id int PRIMARY KEY, a text CHECK (a <> ''), b int REFERENCES t); CREATE INDEX i ON t (a); CREATE TYPE e AS ENUM ('x'); CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'") {
		c.Apply(s.Node, Origin{File: "a.sql", Tx: 1})
	}
	var w SnapshotWriter
	snap, _ := w.Append(nil, c)
	f.Add(snap)
	f.Fuzz(func(t *testing.T, b []byte) {
		loaded, err := LoadSnapshot(b)
		if err != nil {
			return
		}
		var w SnapshotWriter
		if _, err := w.Append(nil, loaded); err != nil {
			t.Fatalf("a loaded snapshot does not write: %v", err)
		}
	})
}

// Write writes the snapshot of a catalog shaped like a real project's,
// larger than a piece, as the same bytes as Append, in pieces.
func TestSnapshotLargeCatalog(t *testing.T) {
	c := New()
	var sql strings.Builder
	for i := range 400 {
		fmt.Fprintf(&sql, "CREATE TABLE orders_%d (id bigserial PRIMARY KEY, customer_id bigint NOT NULL, "+
			"status text NOT NULL DEFAULT 'new', total numeric(12,2), created_at timestamptz NOT NULL DEFAULT now());\n", i)
		if i > 0 {
			fmt.Fprintf(&sql, "ALTER TABLE orders_%d ADD CONSTRAINT orders_%d_prev_fkey FOREIGN KEY (customer_id) REFERENCES orders_%d (id);\n", i, i, i-1)
		}
		fmt.Fprintf(&sql, "CREATE INDEX orders_%d_status_idx ON orders_%d (status, created_at);\n", i, i)
		if i%10 == 0 {
			fmt.Fprintf(&sql, "CREATE TYPE mood_%d AS ENUM ('sad', 'ok', 'happy');\n", i)
		}
	}
	for i, s := range pgparse.Parse(sql.String()) {
		if s.Err != nil {
			t.Fatal(s.Err)
		}
		c.Apply(s.Node, Origin{File: fmt.Sprintf("migrations/%05d_orders.up.sql", i/3), Tx: i / 3})
	}
	w := SnapshotWriter{sorted: true}
	b, err := w.Append(nil, c)
	if err != nil {
		t.Fatal(err)
	}
	// Written piece by piece, it is the same bytes after the prefix, in
	// pieces of about spillSize; an error of the writer is returned.
	if len(b) < spillSize {
		t.Fatalf("the snapshot (%d bytes) is too small to come in pieces", len(b))
	}
	out := &pieces{}
	if err := w.Write(out, []byte("prefix"), c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), append([]byte("prefix"), b...)) {
		t.Fatal("Write wrote other bytes than Append")
	}
	if out.n < 2 || out.largest > spillSize+64<<10 {
		t.Fatalf("Write wrote %d pieces, the largest of %d bytes", out.n, out.largest)
	}
	if err := w.Write(failing{}, nil, c); err == nil {
		t.Fatal("Write did not return the writer's error")
	}
}

// pieces gathers what is written to it, counting the writes.
type pieces struct {
	bytes.Buffer
	n, largest int
}

func (p *pieces) Write(b []byte) (int, error) {
	p.n++
	p.largest = max(p.largest, len(b))
	return p.Buffer.Write(b)
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// The lists of foreign keys and indexes by table may name a table or an
// index more than once: non-adjacent foreign keys to one table, and a
// clone's first lookup deriving them again over what writes added since.
// Each lookup answers each once, indexes in the order created.
func TestLookupsOnce(t *testing.T) {
	c := New()
	apply := func(c *Catalog, sql string) {
		t.Helper()
		for _, s := range pgparse.Parse(sql) {
			if s.Err != nil {
				t.Fatal(s.Err)
			}
			c.Apply(s.Node, Origin{File: "m.sql", Tx: 1})
		}
	}
	apply(c, `CREATE TABLE u (id int PRIMARY KEY, b int UNIQUE);
		CREATE TABLE a (x int REFERENCES u (id), y int);
		CREATE TABLE b (x int REFERENCES u (id));
		ALTER TABLE a ADD FOREIGN KEY (y) REFERENCES u (id);
		CREATE INDEX u_b ON u (b);`)
	d := c.Clone() // underived
	apply(d, `CREATE INDEX u_id_b ON u (id, b); ALTER TABLE b ADD FOREIGN KEY (x) REFERENCES u (b);`)
	for _, cat := range []*Catalog{c, d} {
		var ixs []string
		for _, ix := range cat.IndexesOn("public.u") {
			ixs = append(ixs, ix.Name)
		}
		want := []string{"u_pkey", "u_b_key", "u_b"}
		if cat == d {
			want = append(want, "u_id_b")
		}
		if !slices.Equal(ixs, want) {
			t.Errorf("IndexesOn(u) = %v, want %v", ixs, want)
		}
		if got := tableKeys(cat.referencing("public.u")); !slices.Equal(got, []string{"public.a", "public.b"}) {
			t.Errorf("referencing(u) = %v, want a and b once each", got)
		}
	}
	if n := len(c.refBy["public.u"]); n != 3 {
		t.Errorf("c lists %d tables referencing u, want a, b, a: the test no longer has repeats", n)
	}
}
