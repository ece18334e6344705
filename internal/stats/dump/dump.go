// Package dump reads a database's catalog statistics into a
// stats.Snapshot: what `migguard stats dump` writes. It is apart from
// package stats so that what reads a snapshot (lint, the analyzers through
// the configuration) does not link a PostgreSQL client.
package dump

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/stats"
)

// Read reads the catalog statistics of the database at url with one query
// in a READ ONLY transaction. It reads pg_class, pg_namespace, pg_index
// and the size functions, which every role may: it needs no privilege on
// any table and never reads a row. Its errors never show a password.
func Read(ctx context.Context, url string) (*stats.Snapshot, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("invalid --database-url: %s", pgcluster.Mask(err.Error()))
	}
	conn, err := pgcluster.Connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	version := strings.Fields(conn.PgConn().ParameterStatus("server_version") + " ")[0]
	major, _ := strconv.Atoi(strings.SplitN(version, ".", 2)[0])

	tx, err := conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("starting a read-only transaction: %s", pgcluster.Mask(err.Error()))
	}
	defer tx.Rollback(context.Background())
	rows, err := tx.Query(ctx, dumpQuery(major))
	if err != nil {
		return nil, fmt.Errorf("reading the catalog: %s", pgcluster.Mask(err.Error()))
	}
	s := &stats.Snapshot{Version: stats.Version, ServerVersion: version, Tables: []stats.Table{}}
	for rows.Next() {
		var t stats.Table
		var kind string
		var reltuples float64
		var names []string
		var sizes []int64
		if err := rows.Scan(&t.Schema, &t.Name, &kind, &reltuples, &t.Pages, &t.TotalBytes, &t.TableBytes, &names, &sizes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("reading the catalog: %v", err)
		}
		t.Kind = kindNames[kind]
		t.Rows = knownRows(major, reltuples, t.Pages, t.TableBytes)
		for i, n := range names {
			t.Indexes = append(t.Indexes, stats.Index{Name: n, Bytes: sizes[i]})
			t.IndexBytes += sizes[i]
		}
		s.Tables = append(s.Tables, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the catalog: %s", pgcluster.Mask(err.Error()))
	}
	s.Sort()
	return s, nil
}

// kindNames names pg_class.relkind.
var kindNames = map[string]string{"r": "table", "p": "partitioned table", "m": "materialized view"}

// knownRows is reltuples as the file holds it: nil when PostgreSQL does not
// know the number. Since PostgreSQL 14 that is -1; before, a table never
// vacuumed or analysed has 0 rows in 0 pages even when it holds data.
func knownRows(major int, reltuples float64, pages, tableBytes int64) *int64 {
	if reltuples < 0 || major > 0 && major < 14 && reltuples == 0 && pages == 0 && tableBytes > 0 {
		return nil
	}
	n := int64(math.Round(reltuples))
	return &n
}

// dumpQuery is the one query Read runs. Each table, partitioned table and
// materialized view outside the system schemas, with its rows, pages and
// sizes, and the names and sizes of its indexes. On PostgreSQL 12 and
// later a partitioned table (and a partitioned index) counts what its
// partitions hold (pg_partition_tree), and its rows are unknown when a
// partition's are.
func dumpQuery(major int) string {
	rows, pages := "c.reltuples::float8", "c.relpages::int8"
	total, table := "pg_total_relation_size(c.oid)", "pg_relation_size(c.oid)"
	index := "pg_relation_size(i.oid)"
	if major == 0 || major >= 12 {
		tree := func(oid, agg string) string {
			return "(SELECT coalesce(sum(" + agg + "), 0)::int8 FROM pg_partition_tree(" + oid + ") t)"
		}
		leaves := " FROM pg_partition_tree(c.oid) t JOIN pg_class l ON l.oid = t.relid WHERE t.isleaf)"
		rows = "CASE WHEN c.relkind = 'p' THEN (SELECT CASE WHEN bool_or(l.reltuples < 0) THEN -1 ELSE coalesce(sum(l.reltuples), 0) END" + leaves + " ELSE c.reltuples::float8 END"
		pages = "CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(l.relpages), 0)::int8" + leaves + " ELSE c.relpages::int8 END"
		total = "CASE WHEN c.relkind = 'p' THEN " + tree("c.oid", "pg_total_relation_size(t.relid)") + " ELSE " + total + " END"
		table = "CASE WHEN c.relkind = 'p' THEN " + tree("c.oid", "pg_relation_size(t.relid)") + " ELSE " + table + " END"
		index = "CASE WHEN i.relkind = 'I' THEN " + tree("i.oid", "pg_relation_size(t.relid)") + " ELSE " + index + " END"
	}
	return `SELECT n.nspname::text, c.relname::text, c.relkind::text,
	` + rows + `, ` + pages + `,
	` + total + `, ` + table + `,
	coalesce(array_agg(i.relname::text ORDER BY i.relname) FILTER (WHERE i.oid IS NOT NULL), '{}'),
	coalesce(array_agg(` + index + ` ORDER BY i.relname) FILTER (WHERE i.oid IS NOT NULL), '{}')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index x ON x.indrelid = c.oid
LEFT JOIN pg_class i ON i.oid = x.indexrelid
WHERE c.relkind IN ('r', 'p', 'm')
	AND n.nspname NOT IN ('pg_catalog', 'information_schema')
	AND n.nspname !~ '^pg_(toast|temp_)'
GROUP BY c.oid, n.nspname, c.relname, c.relkind, c.reltuples, c.relpages
ORDER BY 1, 2`
}
