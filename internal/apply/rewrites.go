package apply

import (
	"context"
	"sort"
)

type filenode struct {
	oid  uint32
	node uint32
	name string
	kind string
}

// filenodes returns the relfilenode of every user table, index and
// materialized view, by OID. It runs on the migrations' connection, to see
// relations of their open transaction.
func (r *runner) filenodes(ctx context.Context) (map[uint32]filenode, error) {
	rows, err := r.conn.Query(ctx, `SELECT c.oid, c.relfilenode, pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'i' THEN 'index' WHEN 'm' THEN 'materialized view' ELSE 'relation' END
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'i', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'`)
	if err != nil {
		return nil, err
	}
	out := map[uint32]filenode{}
	for rows.Next() {
		var oid uint32
		var f filenode
		if err := rows.Scan(&oid, &f.node, &f.name, &f.kind); err != nil {
			return nil, err
		}
		f.oid = oid
		out[oid] = f
	}
	return out, rows.Err()
}

// recordRewrites records the relations whose storage the statement
// replaced. A rewritten table keeps its OID and gets a new relfilenode; an
// index on a column whose type changed is rebuilt under a new OID with the
// same name.
func (r *runner) recordRewrites(ctx context.Context, st *Statement, before map[uint32]filenode) error {
	after, err := r.filenodes(ctx)
	if err != nil {
		return err
	}
	byName := map[string]filenode{}
	for _, b := range before {
		byName[b.name] = b
	}
	for oid, a := range after {
		if b, ok := before[oid]; ok {
			if a.node != b.node && b.node != 0 {
				st.Rewrites = append(st.Rewrites, Rewrite{Relation: a.name, Kind: a.kind, oid: oid})
			}
			continue
		}
		if b, ok := byName[a.name]; ok && a.kind == "index" && b.kind == "index" && !stillThere(before, after, a.name) {
			st.Rewrites = append(st.Rewrites, Rewrite{Relation: a.name, Kind: a.kind, oid: b.oid})
		}
	}
	sort.Slice(st.Rewrites, func(i, j int) bool { return st.Rewrites[i].Relation < st.Rewrites[j].Relation })
	return nil
}

// stillThere reports whether the relation called name before kept its OID.
func stillThere(before, after map[uint32]filenode, name string) bool {
	for oid, b := range before {
		if b.name == name {
			if a, ok := after[oid]; ok && a.name == name {
				return true
			}
		}
	}
	return false
}
