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
