package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/migguard/migguard/internal/lazyre"
)

// SweepDirs removes the cluster directories (DirPrefix*) in the temporary
// directory that a migguard process left behind when it was killed: those
// whose creator (migguard.pid) is gone and whose postmaster.pid names no
// running process. A directory without either file is left alone: it may
// be one that another migguard is creating right now. It returns the
// directories it removed.
func SweepDirs(progress io.Writer) []string {
	if progress == nil {
		progress = io.Discard
	}
	dirs, _ := filepath.Glob(filepath.Join(clusterBase(), DirPrefix+"*"))
	var removed []string
	for _, dir := range dirs {
		if st, err := os.Lstat(dir); err != nil || !st.IsDir() || !staleDir(dir) {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(progress, "could not remove %s, left behind by an earlier run: %v\n", dir, err)
			continue
		}
		fmt.Fprintf(progress, "removed %s, left behind by an earlier run\n", dir)
		removed = append(removed, dir)
	}
	return removed
}

// staleDir reports whether the cluster directory's creator and server
// are both known to be gone.
func staleDir(dir string) bool {
	owner, ownerKnown := readPID(filepath.Join(dir, ownerPIDFile))
	server, serverKnown := readPID(filepath.Join(dir, "data", "postmaster.pid"))
	switch {
	case !ownerKnown && !serverKnown:
		return false
	case ownerKnown && alive(owner):
		return false
	case serverKnown && alive(server):
		return false
	}
	return true
}

// readPID reads the PID on the first line of a pid file.
func readPID(path string) (int, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	return pid, err == nil && pid > 0
}

// alive reports whether a process pid exists; one of another user counts.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// staleAfter is how old a scratch database or role must be, by the
// server's time in its name, before a later run takes it for left behind.
// A run holds a connection to its database from just after creating it
// until it drops it; the margin covers those first moments.
const staleAfter = 10 * time.Minute

var scratchName = lazyre.New(`^` + ScratchPrefix + `(\d{14})_[0-9a-f]{10}$`)

// sweepDatabases drops the scratch databases that earlier runs left
// behind on the server conn is connected to, and the roles left without
// a database: those older than staleAfter that nobody is connected to or
// logged in as, and that conn's role may drop. Failures only leave them
// for a later run.
func sweepDatabases(ctx context.Context, conn *pgx.Conn, progress io.Writer) {
	var now time.Time
	if err := conn.QueryRow(ctx, "SELECT now()").Scan(&now); err != nil {
		return
	}
	dbs := staleNames(ctx, conn, now, `SELECT d.datname::text FROM pg_database d
WHERE d.datname LIKE 'migguard\_scratch\_%' AND pg_stat_get_db_numbackends(d.oid) = 0
  AND pg_has_role(current_user, d.datdba, 'USAGE')`)
	for _, name := range dbs {
		if err := dropDatabase(ctx, conn, name, ""); err != nil {
			fmt.Fprintf(progress, "could not drop scratch database %s, left behind by an earlier run: %s\n", name, Mask(err.Error()))
			continue
		}
		fmt.Fprintf(progress, "dropped scratch database %s, left behind by an earlier run\n", name)
	}
	roles := staleNames(ctx, conn, now, `SELECT r.rolname::text FROM pg_roles r
WHERE r.rolname LIKE 'migguard\_scratch\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_database d WHERE d.datdba = r.oid)
  AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.usesysid = r.oid)`)
	for _, name := range roles {
		if _, err := conn.Exec(ctx, "DROP ROLE "+pgx.Identifier{name}.Sanitize()); err != nil {
			fmt.Fprintf(progress, "could not drop role %s, left behind by an earlier run: %s\n", name, Mask(err.Error()))
			continue
		}
		fmt.Fprintf(progress, "dropped role %s, left behind by an earlier run\n", name)
	}
}

// staleNames returns the names query lists that are scratch names older
// than staleAfter.
func staleNames(ctx context.Context, conn *pgx.Conn, now time.Time, query string) []string {
	rows, err := conn.Query(ctx, query)
	if err != nil {
		return nil
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		m := scratchName.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		created, err := time.ParseInLocation(scratchTime, m[1], time.UTC)
		if err == nil && now.Sub(created) > staleAfter {
			out = append(out, n)
		}
	}
	return out
}
