// Package stats is migguard's knowledge of how big production's tables
// are: a snapshot of PostgreSQL's catalog statistics (pg_class.reltuples,
// relpages, the sizes of each table and its indexes) that `migguard stats
// dump` reads with one read-only query (package dump) and writes as a
// small JSON file, and Adjust, which tells each lock and rewrite finding
// how big its table is and how long its lock is likely held, and moves its
// severity by the table's size. lint (internal/lint.Run, and so the git-side lint and the
// language server) and apply both call Adjust; nothing else decides.
//
// The file format, version 1, sorted so that two dumps of the same
// database are the same bytes:
//
//	{
//	  "version": 1,
//	  "server_version": "15.4",
//	  "tables": [
//	    {"schema": "public", "name": "orders", "kind": "table",
//	     "rows": 120000, "pages": 1570,
//	     "total_bytes": 17645568, "table_bytes": 12861440, "index_bytes": 4784128,
//	     "indexes": [{"name": "orders_pkey", "bytes": 2711552}, …]}
//	  ]
//	}
//
// rows is null when PostgreSQL does not know it (the table was never
// analysed or vacuumed: reltuples is -1); the sizes are always known.
package stats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Version is the version of the file format that this migguard reads and
// writes.
const Version = 1

// MaxFileSize bounds what Load reads: a stats file of a database with
// 100,000 tables is about 30 MiB.
const MaxFileSize = 64 << 20

// Snapshot is the catalog statistics of one database.
type Snapshot struct {
	Version       int     `json:"version"`
	ServerVersion string  `json:"server_version"`
	Tables        []Table `json:"tables"`

	// Path is the file the snapshot was read from, "" for a dump.
	Path  string `json:"-"`
	byKey map[string]*Table
}

// Table is what the catalog says of one table, partitioned table or
// materialized view.
type Table struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
	// Kind is "table", "partitioned table" or "materialized view".
	Kind string `json:"kind"`
	// Rows is pg_class.reltuples rounded, nil when unknown (never
	// analysed). For a partitioned table it is the sum over its
	// partitions, nil when one of them is unknown.
	Rows *int64 `json:"rows"`
	// Pages is pg_class.relpages (summed over partitions).
	Pages int64 `json:"pages"`
	// TotalBytes is pg_total_relation_size: the table, its TOAST and its
	// indexes; TableBytes is pg_relation_size, the main fork alone;
	// IndexBytes is the sum of Indexes. For a partitioned table each sums
	// its partitions'.
	TotalBytes int64   `json:"total_bytes"`
	TableBytes int64   `json:"table_bytes"`
	IndexBytes int64   `json:"index_bytes"`
	Indexes    []Index `json:"indexes"`
}

// Index is the size of one index of a table.
type Index struct {
	Name  string `json:"name"`
	Bytes int64  `json:"bytes"`
}

// Key is the table's catalog key, schema.name, as rules.Finding.Table
// names it.
func (t *Table) Key() string { return t.Schema + "." + t.Name }

// DataBytes is the size of what a scan of the table reads: the table and
// its TOAST, without its indexes.
func (t *Table) DataBytes() int64 { return max(t.TotalBytes-t.IndexBytes, t.TableBytes) }

// Lookup returns the table with catalog key schema.name, or the table of
// the index schema.name (an index the migrations did not create, which
// lint cannot tie to its table), or nil.
func (s *Snapshot) Lookup(key string) *Table {
	if s == nil {
		return nil
	}
	if s.byKey == nil {
		s.byKey = make(map[string]*Table, len(s.Tables))
		for i := range s.Tables {
			t := &s.Tables[i]
			for _, ix := range t.Indexes {
				s.byKey[t.Schema+"."+ix.Name] = t
			}
		}
		for i := range s.Tables {
			s.byKey[s.Tables[i].Key()] = &s.Tables[i]
		}
	}
	return s.byKey[key]
}

// Name names the snapshot in messages: its file, or "the stats".
func (s *Snapshot) Name() string {
	if s.Path == "" {
		return "the stats"
	}
	return s.Path
}

// Sort puts the tables in schema and name order and each table's indexes
// in name order, as the file holds them.
func (s *Snapshot) Sort() {
	sort.Slice(s.Tables, func(i, j int) bool {
		a, b := s.Tables[i], s.Tables[j]
		if a.Schema != b.Schema {
			return a.Schema < b.Schema
		}
		return a.Name < b.Name
	})
	for i := range s.Tables {
		t := &s.Tables[i]
		sort.Slice(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
		if t.Indexes == nil {
			t.Indexes = []Index{}
		}
	}
	s.byKey = nil
}

// Write writes the snapshot as the file holds it: sorted, indented JSON.
func (s *Snapshot) Write(w io.Writer) error {
	s.Sort()
	if s.Tables == nil {
		s.Tables = []Table{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

// Load reads a stats file. Its errors name the file; a file larger than
// MaxFileSize is refused without being read.
func Load(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("stats file %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxFileSize {
		return nil, fmt.Errorf("stats file %s: more than the %d MiB a stats file may hold (%d bytes)", path, MaxFileSize>>20, st.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("stats file %s: %w", path, unwrapPath(err))
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("stats file %s: more than the %d MiB a stats file may hold", path, MaxFileSize>>20)
	}
	return Parse(path, data)
}

// unwrapPath drops the path that an *os.PathError repeats.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse reads the text of a stats file; path names it in errors.
func Parse(path string, data []byte) (*Snapshot, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("stats file %s: "+format, append([]any{path}, args...)...)
	}
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fail("%s", jsonError(data, err))
	}
	switch {
	case probe.Version == nil:
		return nil, fail("no version: not a file written by migguard stats dump")
	case *probe.Version != Version:
		return nil, fail("version %d, but this migguard reads version %d: dump the stats again with this migguard", *probe.Version, Version)
	}
	s := &Snapshot{Path: path}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(s); err != nil {
		return nil, fail("%s", jsonError(data, err))
	}
	if dec.More() {
		return nil, fail("more than one JSON value")
	}
	seen := map[string]bool{}
	for i, t := range s.Tables {
		switch {
		case t.Schema == "" || t.Name == "":
			return nil, fail("tables[%d]: a table needs a schema and a name", i)
		case seen[t.Key()]:
			return nil, fail("table %s is listed twice", t.Key())
		case t.TotalBytes < 0 || t.TableBytes < 0 || t.Pages < 0 || t.Rows != nil && *t.Rows < 0:
			return nil, fail("table %s: negative size or row count (write rows: null when unknown)", t.Key())
		}
		seen[t.Key()] = true
	}
	s.Sort()
	s.Path = path
	return s, nil
}

// jsonError says where a JSON error is: line and column.
func jsonError(data []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // the offending byte is the last one read
	case errors.As(err, &te):
		off = te.Offset
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "unexpected end of JSON input" {
		return "invalid JSON: the file ends too early"
	}
	if off < 0 || off > int64(len(data)) {
		return "invalid JSON: " + msg
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, msg)
}
