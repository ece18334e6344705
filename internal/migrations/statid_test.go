//go:build linux

package migrations

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A change is distrusted for racyAge when the stamps are whole seconds,
// as a coarse file system keeps them, and for fineRacyAge when they carry
// nanoseconds; after that the id is trusted, and it changes with either
// stamp.
func TestStatIDRacyWindow(t *testing.T) {
	load := time.Date(2026, 12, 5, 12, 0, 10, 0, time.UTC)
	coarse := load.Add(-time.Second)                           // whole seconds
	fine := load.Add(-time.Second + 123456789*time.Nanosecond) // 0.88 s before
	for _, c := range []struct {
		name         string
		mtime, ctime time.Time
		racy         bool
	}{
		{"whole seconds, 1 s old", coarse, coarse, true},
		{"whole seconds, 3 s old", coarse.Add(-2 * time.Second), coarse.Add(-2 * time.Second), false},
		{"nanoseconds, 0.88 s old", fine, fine, false},
		{"nanoseconds, 50 ms old", load.Add(-50*time.Millisecond + time.Nanosecond), load.Add(-50*time.Millisecond + time.Nanosecond), true},
		{"nanoseconds, changed after the load", load.Add(time.Nanosecond), load.Add(time.Nanosecond), true},
		{"modification time set to whole seconds, changed now", coarse.Add(-time.Hour), load.Add(-time.Millisecond), true},
		{"modification time set to whole seconds, changed 0.88 s ago", coarse.Add(-time.Hour), fine, false},
		{"modification time set in the future", load.Add(time.Hour + time.Nanosecond), fine, true},
	} {
		if _, racy := formatStatID(1, 2, 3, c.mtime, c.ctime, load); racy != c.racy {
			t.Errorf("%s: racy %v, want %v", c.name, racy, c.racy)
		}
	}
	a, _ := formatStatID(1, 2, 3, fine, fine, load)
	if b, _ := formatStatID(1, 2, 3, fine.Add(time.Nanosecond), fine, load); a == b {
		t.Error("the id does not change with the modification time")
	}
	if b, _ := formatStatID(1, 2, 3, fine, fine.Add(time.Nanosecond), load); a == b {
		t.Error("the id does not change with the change time")
	}
}

// A file written just now is racy at once and trusted fineRacyAge later
// on a file system that keeps nanoseconds, as the one of the test's
// temporary directory does.
func TestStatIDTrustedSoonAfterWriting(t *testing.T) {
	p := filepath.Join(t.TempDir(), "1_a.up.sql")
	if err := os.WriteFile(p, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.ModTime().Nanosecond() == 0 {
		t.Skip("the temporary directory's file system stamps whole seconds")
	}
	if _, racy, ok := statID(fi, time.Now()); !ok || !racy {
		t.Fatalf("a file written just now: ok %v, racy %v", ok, racy)
	}
	if _, racy, _ := statID(fi, fi.ModTime().Add(fineRacyAge+time.Millisecond)); racy {
		t.Error("a file written fineRacyAge ago is still racy")
	}
}

// Two answers of Stat tell the same content while nothing was written; a
// rewrite that keeps the size and the modification time (cp -p, rsync,
// tar) is told by its change time, and a change of mode or of file by
// their own.
func TestSameContent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "1_a.up.sql")
	stat := func() os.FileInfo {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	if err := os.WriteFile(p, []byte("SELECT 1;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	was := stat()
	if !SameContent(was, stat()) {
		t.Fatal("an untouched file's two answers differ")
	}
	// A change time is the system's clock at the change: wait for it to
	// pass the first one.
	for deadline := time.Now().Add(3 * time.Second); !time.Now().After(deadline); time.Sleep(10 * time.Millisecond) {
		if err := os.WriteFile(p, []byte("SELECT 2;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, was.ModTime(), was.ModTime()); err != nil {
			t.Fatal(err)
		}
		if ct, _ := changeTime(stat()); ct.After(was.ModTime()) {
			break
		}
	}
	now := stat()
	if now.Size() != was.Size() || !now.ModTime().Equal(was.ModTime()) || !os.SameFile(was, now) {
		t.Fatal("the rewrite did not keep the size, the modification time and the file")
	}
	if SameContent(was, now) {
		t.Error("a rewrite that kept the size and the modification time is taken for the same content")
	}
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if SameContent(now, stat()) {
		t.Error("a change of mode is taken for the same content")
	}
	q := filepath.Join(dir, "2_b.up.sql")
	if err := os.WriteFile(q, []byte("SELECT 2;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(q, was.ModTime(), was.ModTime()); err != nil {
		t.Fatal(err)
	}
	other, err := os.Stat(q)
	if err != nil {
		t.Fatal(err)
	}
	if SameContent(stat(), other) {
		t.Error("another file of the same size, mode and times is taken for the same content")
	}
}
