package pgcluster

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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
