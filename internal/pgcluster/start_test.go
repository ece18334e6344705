package pgcluster

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// privateTemp points TMPDIR, where Start makes cluster directories, at a
// directory of the test's, reachable by the postgres user when the test
// runs as root, and returns it.
func privateTemp(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TMPDIR", dir)
	return dir
}

// fakeBin makes a bin directory whose initdb and postgres are the given
// shell scripts ("" leaves the program out). $BIN is the directory.
func fakeBin(t *testing.T, initdb, postgres string) string {
	t.Helper()
	bin := filepath.Join(privateTemp(t), "bin")
	if err := os.Mkdir(bin, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(bin, 0o777)
	for name, body := range map[string]string{"initdb": initdb, "postgres": postgres} {
		if body == "" {
			continue
		}
		script := "#!/bin/sh\nBIN=" + bin + "\n" + body + "\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return bin
}

// clusterDirs lists the cluster directories under TMPDIR.
func clusterDirs(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), DirPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// fakeInitdb creates the data directory, the last thing Start checks of
// initdb.
const fakeInitdb = `mkdir -p "$2"`

// hangingPostgres never accepts connections; it records its PID.
const hangingPostgres = `echo $$ > "$BIN/pid"
echo "LOG:  fake server starting"
exec sleep 3600`

// TestStartFailures: every way the start of a cluster can fail ends in an
// error that shows the cause, with no directory and no process left: a
// wrong bin directory, initdb failing or interrupted, the server exiting
// at once, never becoming ready, and the context cancelled before or
// during the start.
func TestStartFailures(t *testing.T) {
	cases := []struct {
		name             string
		initdb, postgres string
		bin              string // instead of a fake directory
		timeout          time.Duration
		cancelAfter      time.Duration // 0: not cancelled; <0: before Start
		want             []string
		canceled         bool
	}{
		{name: "no such bin directory", bin: "/nonexistent/pg/bin",
			want: []string{"/nonexistent/pg/bin is not a PostgreSQL bin directory", "/nonexistent/pg/bin/initdb: no such file or directory"}},
		{name: "bin directory without postgres", initdb: fakeInitdb,
			want: []string{"is not a PostgreSQL bin directory", "/postgres: no such file or directory"}},
		{name: "initdb fails", initdb: `echo "initdb: error: could not create directory: No space left on device" >&2; exit 1`, postgres: "exit 1",
			want: []string{"initdb (", "failed: exit status 1", "initdb: error: could not create directory: No space left on device"}},
		{name: "postgres exits", initdb: fakeInitdb, postgres: `echo "FATAL:  could not create shared memory segment: No space left on device" >&2; exit 1`,
			want: []string{"postgres exited during start-up (exit status 1)", "FATAL:  could not create shared memory segment: No space left on device"}},
		{name: "never ready", initdb: fakeInitdb, postgres: hangingPostgres, timeout: time.Second,
			want: []string{"postgres did not accept connections within 1s", "LOG:  fake server starting"}},
		{name: "cancelled before the start", initdb: fakeInitdb, postgres: hangingPostgres, cancelAfter: -1, canceled: true},
		{name: "cancelled while waiting", initdb: fakeInitdb, postgres: hangingPostgres, cancelAfter: 500 * time.Millisecond, canceled: true},
		{name: "cancelled during initdb", initdb: `echo $$ > "$BIN/pid"; exec sleep 3600`, postgres: "exit 1", cancelAfter: 500 * time.Millisecond, canceled: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bin := tc.bin
			if bin == "" {
				bin = fakeBin(t, tc.initdb, tc.postgres)
			} else {
				privateTemp(t)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			switch {
			case tc.cancelAfter < 0:
				cancel()
			case tc.cancelAfter > 0:
				time.AfterFunc(tc.cancelAfter, cancel)
			}
			c, err := Start(ctx, Options{BinDir: bin, ReadyTimeout: tc.timeout})
			if c != nil || err == nil {
				t.Fatalf("Start succeeded")
			}
			if tc.canceled && !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if dirs := clusterDirs(t); len(dirs) > 0 {
				t.Errorf("left behind: %v", dirs)
			}
			if pid, ok := readPID(filepath.Join(bin, "pid")); ok && alive(pid) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("the fake program (pid %d) still runs", pid)
			}
		})
	}
}

// TestSweepDirs removes the cluster directories whose creator and server
// are gone, and leaves those still in use or that it cannot judge.
func TestSweepDirs(t *testing.T) {
	tmp := privateTemp(t)
	dead := deadPID(t)
	live := os.Getpid()
	mkdir := func(name string, owner, server int) string {
		dir := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(dir, "data"), 0o700); err != nil {
			t.Fatal(err)
		}
		if owner != 0 {
			os.WriteFile(filepath.Join(dir, ownerPIDFile), []byte(strconv.Itoa(owner)+"\n"), 0o644)
		}
		if server != 0 {
			os.WriteFile(filepath.Join(dir, "data", "postmaster.pid"), []byte(strconv.Itoa(server)+"\n/x/data\n"), 0o600)
		}
		return dir
	}
	gone := []string{
		mkdir(DirPrefix+"killed", dead, dead),
		mkdir(DirPrefix+"during-initdb", dead, 0),
		mkdir(DirPrefix+"older-migguard", 0, dead),
	}
	kept := []string{
		mkdir(DirPrefix+"running", live, live),
		mkdir(DirPrefix+"starting", live, 0),
		mkdir(DirPrefix+"being-created", 0, 0),
		mkdir(DirPrefix+"server-outlived-migguard", dead, live),
		mkdir("migguard-pg.from-pg-start", dead, dead),
	}
	var progress strings.Builder
	removed := SweepDirs(&progress)
	if strings.Join(removed, "\n") != strings.Join(slices.Sorted(slices.Values(gone)), "\n") {
		t.Errorf("removed %v, want %v", removed, gone)
	}
	for _, d := range gone {
		if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still exists", d)
		}
		if !strings.Contains(progress.String(), "removed "+d+", left behind by an earlier run") {
			t.Errorf("progress does not name %s:\n%s", d, progress.String())
		}
	}
	for _, d := range kept {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s was removed: %v", d, err)
		}
	}
}

// deadPID returns the PID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
