package apply

import (
	"context"
	"sort"
)

// lockRelation names the relation of a pg_locks row, or its OID when the
// relation is not visible (created in another session's open transaction).
const lockRelation = `coalesce(CASE WHEN c.oid IS NOT NULL THEN pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) END, 'relation ' || l.relation::text)`

// ownLocks returns the table locks of the migration's own backend, in its
// open transaction, so relations it created are named too.
func (r *runner) ownLocks(ctx context.Context) ([]Lock, error) {
	rows, err := r.conn.Query(ctx, `SELECT `+lockRelation+`, l.mode, coalesce(l.relation, 0), coalesce(c.relkind::text, '')
FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
  AND coalesce(n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%', true)`)
	if err != nil {
		return nil, err
	}
	var out []Lock
	for rows.Next() {
		var l Lock
		if err := rows.Scan(&l.Relation, &l.Mode, &l.oid, &l.relkind); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// lockOrder ranks lock modes, strongest first.
var lockOrder = map[string]int{
	"AccessExclusiveLock": 0, "ExclusiveLock": 1, "ShareRowExclusiveLock": 2, "ShareLock": 3,
	"ShareUpdateExclusiveLock": 4, "RowExclusiveLock": 5, "RowShareLock": 6, "AccessShareLock": 7,
}

func sortLocks(ls []Lock) {
	sort.Slice(ls, func(i, j int) bool {
		if lockOrder[ls[i].Mode] != lockOrder[ls[j].Mode] {
			return lockOrder[ls[i].Mode] < lockOrder[ls[j].Mode]
		}
		return ls[i].Relation < ls[j].Relation
	})
}
