package apply

import (
	"context"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
)

// observeSchema is where RunCommand keeps its event triggers; snapshots
// leave it out.
const observeSchema = "migguard_observe"

// snapshotQuery lists the user-visible schema one object per line, in a
// form that does not depend on OIDs or column positions: schemas, tables
// and their columns, constraints, indexes, views, sequences, types,
// functions and triggers.
const snapshotQuery = `
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
  WHERE nspname NOT IN ('pg_catalog', 'information_schema', '` + observeSchema + `')
    AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp%'
)
SELECT 'schema ' || quote_ident(nspname) FROM ns WHERE nspname <> 'public'
UNION ALL
SELECT CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'partitioned table ' WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view ' WHEN 'S' THEN 'sequence ' WHEN 'f' THEN 'foreign table ' END
  || quote_ident(ns.nspname) || '.' || quote_ident(c.relname)
  || CASE WHEN c.relkind IN ('v', 'm') THEN ': ' || regexp_replace(pg_get_viewdef(c.oid), '\s+', ' ', 'g') ELSE '' END
  || CASE WHEN c.relpersistence = 'u' THEN ' unlogged' ELSE '' END
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
UNION ALL
SELECT 'column ' || quote_ident(ns.nspname) || '.' || quote_ident(c.relname) || '.' || quote_ident(a.attname) || ' '
  || format_type(a.atttypid, a.atttypmod)
  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
  || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
  || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
  || CASE WHEN a.attcollation <> 0 AND a.attcollation <> (SELECT typcollation FROM pg_type WHERE oid = a.atttypid) THEN ' collate ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation) ELSE '' END
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint ' || quote_ident(ns.nspname) || '.' || quote_ident(c.relname) || ' ' || quote_ident(k.conname) || ': ' || pg_get_constraintdef(k.oid)
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'index ' || quote_ident(ns.nspname) || '.' || quote_ident(c.relname) || ': ' || pg_get_indexdef(c.oid)
  || CASE WHEN NOT i.indisvalid THEN ' (INVALID)' ELSE '' END
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ns ON ns.oid = c.relnamespace
UNION ALL
SELECT 'type ' || quote_ident(ns.nspname) || '.' || quote_ident(t.typname)
  || CASE t.typtype WHEN 'e' THEN ' enum (' || (SELECT string_agg(quote_literal(enumlabel), ', ' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid) || ')'
       WHEN 'd' THEN ' domain ' || format_type(t.typbasetype, t.typtypmod) ELSE '' END
FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
UNION ALL
SELECT 'function ' || quote_ident(ns.nspname) || '.' || quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc)
FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
UNION ALL
SELECT 'trigger ' || quote_ident(ns.nspname) || '.' || quote_ident(c.relname) || ' ' || pg_get_triggerdef(tg.oid)
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN ns ON ns.oid = c.relnamespace
WHERE NOT tg.tgisinternal
UNION ALL
SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
`

// snapshot returns the catalog of the database as sorted lines.
func snapshot(ctx context.Context, conn *pgx.Conn) (string, error) {
	rows, err := conn.Query(ctx, snapshotQuery)
	if err != nil {
		return "", err
	}
	var lines []string
	for rows.Next() {
		var s *string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		if s != nil {
			lines = append(lines, *s)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n"), nil
}

// diff returns the lines of want missing from got ("- …") and the lines of
// got not in want ("+ …").
func diff(want, got string) []string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		if l == "" {
			continue
		}
		for ; n > 0; n-- {
			out = append(out, "- "+l)
		}
		for ; n < 0; n++ {
			out = append(out, "+ "+l)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][2:] != out[j][2:] {
			return out[i][2:] < out[j][2:]
		}
		return out[i] < out[j]
	})
	return out
}
