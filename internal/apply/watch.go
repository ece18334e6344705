package apply

import (
	"context"
	"sync"
	"time"
)

// sample is what the watcher saw of a statement's backend.
type sample struct {
	granted  []Lock
	waiting  *Lock
	blockers []Blocker
}

// watcher samples, from the observer connection, the locks a backend
// holds and waits for while one statement runs.
type watcher struct {
	r      *runner
	pid    uint32
	cancel context.CancelCauseFunc
	done   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	s      sample
	seen   map[Lock]bool
	// waitingSince is when the backend was first seen waiting for a lock
	// in its current wait.
	waitingSince time.Time
}

// watch starts sampling backend pid until stop. When the backend has
// waited for a lock for longer than the lock timeout, it cancels the
// statement with errLockTimeout.
func (r *runner) watch(ctx context.Context, pid uint32, cancel context.CancelCauseFunc) *watcher {
	w := &watcher{r: r, pid: pid, cancel: cancel, done: make(chan struct{}), seen: map[Lock]bool{}}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		// Sample soon after the statement starts, then every 10ms.
		delay := time.Millisecond
		for {
			select {
			case <-w.done:
				return
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			delay = 10 * time.Millisecond
			w.sampleOnce(ctx)
		}
	}()
	return w
}

// sampleOnce reads the backend's locks and, when it waits, who blocks it.
func (w *watcher) sampleOnce(ctx context.Context) {
	waiting, granted, ok := w.locks(ctx)
	if !ok {
		return
	}
	var blockers []Blocker
	if waiting != nil {
		blockers = w.blockers(ctx, waiting.oid)
	}
	w.mu.Lock()
	w.s.granted = append(w.s.granted, granted...)
	if waiting != nil {
		w.s.waiting = waiting
	}
	// The wait may end between the two queries: a sample that finds no
	// blocker keeps the ones seen before.
	if len(blockers) > 0 {
		w.s.blockers = blockers
	}
	w.mu.Unlock()
	w.enforceLockTimeout(waiting != nil)
}

// enforceLockTimeout cancels the statement once it has waited for a lock
// longer than the lock timeout (plus the grace that lets PostgreSQL's own
// lock_timeout speak first).
func (w *watcher) enforceLockTimeout(waiting bool) {
	if !waiting {
		w.waitingSince = time.Time{}
		return
	}
	if w.waitingSince.IsZero() {
		w.waitingSince = time.Now()
		return
	}
	if time.Since(w.waitingSince) > w.r.lockTimeout+clientGrace {
		w.cancel(errLockTimeout)
	}
}

// locks returns the lock the backend waits for, if any, and the relation
// locks it holds that were not seen before.
func (w *watcher) locks(ctx context.Context) (waiting *Lock, granted []Lock, ok bool) {
	rows, err := w.r.obs.Query(ctx, `SELECT `+lockRelation+`, l.mode, l.granted, coalesce(l.relation, 0), coalesce(c.relkind::text, '')
FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = $1 AND (l.locktype = 'relation' OR NOT l.granted)
  AND coalesce(n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%', true)`, w.pid)
	if err != nil {
		return nil, nil, false
	}
	defer rows.Close()
	for rows.Next() {
		var l Lock
		var isGranted bool
		if rows.Scan(&l.Relation, &l.Mode, &isGranted, &l.oid, &l.relkind) != nil {
			break
		}
		if !isGranted {
			waiting = &l
		} else if !w.seen[l] {
			w.seen[l] = true
			granted = append(granted, l)
		}
	}
	return waiting, granted, true
}

// blockers returns the sessions holding the lock the backend waits for,
// with the modes they hold on relation rel (the waited-for relation's OID,
// 0 for a lock on something else). The relation is the one locks saw
// waited for: looking it up again in this query would find nothing when
// the wait ends between its reads of pg_locks, and the blockers would
// lose their modes.
func (w *watcher) blockers(ctx context.Context, rel uint32) []Blocker {
	rows, err := w.r.obs.Query(ctx, `SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), left(coalesce(a.query, ''), 200),
  coalesce((SELECT string_agg(DISTINCT l.mode, ', ') FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'
    AND l.relation::bigint = $2), '')
FROM pg_stat_activity a WHERE a.pid = ANY(pg_blocking_pids($1)) ORDER BY a.pid`, w.pid, int64(rel))
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []Blocker
	for rows.Next() {
		var b Blocker
		if rows.Scan(&b.PID, &b.Application, &b.State, &b.Query, &b.Modes) == nil {
			out = append(out, b)
		}
	}
	return out
}

func (w *watcher) stop() sample {
	close(w.done)
	w.wg.Wait()
	return w.s
}
