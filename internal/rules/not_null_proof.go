package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file decides whether PostgreSQL must scan a table to make a column
// NOT NULL (SET NOT NULL, PRIMARY KEY USING INDEX): it does not when the
// column already is NOT NULL, nor, on PostgreSQL 12 and later, when a
// validated CHECK (col IS NOT NULL) proves it, even one validated earlier
// in the same transaction (verified with pg_stat_user_tables.seq_scan).

// notNullState says how well a table's CHECK constraints prove a column non-null.
type notNullState int

const (
	proofNone      notNullState = iota
	proofNotValid               // a CHECK proves it but is NOT VALID
	proofSameTx                 // a CHECK proves it, validated earlier in the open transaction
	proofCommitted              // a CHECK proves it, validated in an earlier committed step
)

// notNullProof returns the best CHECK constraint of t that proves column
// col non-null, and how good that proof is.
func notNullProof(p *Pass, t *schema.Table, col string) (*schema.Constraint, notNullState) {
	if t == nil {
		return nil, proofNone
	}
	var best *schema.Constraint
	state := proofNone
	for _, c := range t.Constraints {
		if c.Kind != schema.Check || !c.ImpliesNotNull(col) {
			continue
		}
		s := proofNotValid
		if c.Validated {
			s = proofCommitted
			if p.Tx.Open && c.ValidatedAt.Tx == p.Tx.ID {
				s = proofSameTx
			}
		}
		if s > state {
			best, state = c, s
		}
	}
	return best, state
}

// notNullKnown reports whether making column col of t NOT NULL needs no
// scan: it already is NOT NULL, or (PostgreSQL 12 and later) a validated
// CHECK proves it.
func notNullKnown(p *Pass, t *schema.Table, col string) bool {
	if t == nil {
		return false
	}
	if c := t.Column(col); c != nil && c.NotNull {
		return true
	}
	if !p.PG.AtLeast(12, 0) {
		return false
	}
	_, state := notNullProof(p, t, col)
	return state >= proofSameTx
}

// setNotNullScans reports whether ALTER COLUMN col SET NOT NULL on rel
// scans the table.
func setNotNullScans(p *Pass, rel *pgparse.RangeVar, col string) bool {
	return !notNullKnown(p, p.Table(rel), col)
}

// pkUnprovenColumns returns the key columns of index name (in the schema of
// rel) that ADD PRIMARY KEY USING INDEX must make NOT NULL with a scan. An
// index the migrations do not define yields "the index's columns": the
// scan happens unless they already are NOT NULL.
func pkUnprovenColumns(p *Pass, rel *pgparse.RangeVar, name string) []string {
	t := p.Table(rel)
	idx := p.Catalog.Index(tableSchema(p, rel), name)
	if idx == nil {
		return []string{"the columns of index " + quoteName(name)}
	}
	var out []string
	for _, c := range idx.Columns {
		if strings.HasPrefix(c, "(") {
			continue // an expression: PostgreSQL refuses it as a primary key
		}
		if !notNullKnown(p, t, c) {
			out = append(out, c)
		}
	}
	return out
}

// pkKeyUnproven returns the columns of a new primary key (ADD PRIMARY KEY
// (…) without USING INDEX) that PostgreSQL must scan to make NOT NULL.
func pkKeyUnproven(p *Pass, rel *pgparse.RangeVar, cols []string) []string {
	t := p.Table(rel)
	var out []string
	for _, c := range cols {
		if !notNullKnown(p, t, c) {
			out = append(out, c)
		}
	}
	return out
}

// tableSchema is the schema of a table: the catalog's, else as written.
func tableSchema(p *Pass, rel *pgparse.RangeVar) string {
	if t := p.Table(rel); t != nil {
		return t.Schema
	}
	return rel.GetSchemaname()
}
