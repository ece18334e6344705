package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds look-ups in the schema replayed from earlier migrations:
// tables and indexes by catalog key, the partitions of a table and the
// nullable columns of a key.

// tableOfKey returns the catalog table with key "schema.name", or nil.
func tableOfKey(p *Pass, key string) *schema.Table {
	sch, name, ok := strings.Cut(key, ".")
	if !ok {
		return nil
	}
	return p.Catalog.Table(sch, name)
}

// indexOfKey returns the catalog index with key "schema.name", or nil.
func indexOfKey(p *Pass, key string) *schema.Index {
	sch, name, ok := strings.Cut(key, ".")
	if !ok {
		return nil
	}
	return p.Catalog.Index(sch, name)
}

// relKey returns the catalog key of a relation reference.
func relKey(rv *pgparse.RangeVar) string { return schema.RelKey(rv) }

// splitRelKey splits a catalog key into schema and name.
func splitRelKey(key string) (string, string) {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// existingPartitions returns the known partitions of a partitioned table,
// at every level, that existed before this file.
func existingPartitions(p *Pass, t *schema.Table) []*schema.Table {
	var out []*schema.Table
	var walk func(key string, depth int)
	walk = func(key string, depth int) {
		if depth > 16 {
			return
		}
		for _, part := range p.Catalog.Partitions(key) {
			if !p.Tx.IsNew(part.Key()) && part.Persistence != 't' {
				out = append(out, part)
			}
			walk(part.Key(), depth+1)
		}
	}
	walk(t.Key(), 0)
	return out
}

// defaultPartition returns the known DEFAULT partition of a table, or nil.
func defaultPartition(p *Pass, key string) *schema.Table {
	for _, part := range p.Catalog.Partitions(key) {
		if part.DefaultPartition {
			return part
		}
	}
	return nil
}

// containsStr reports whether list holds s.
func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
