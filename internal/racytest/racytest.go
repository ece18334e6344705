// Package racytest waits, for the tests of other packages, until the files
// a test wrote are old enough for what fs.Stat tells of them to stand for
// their content (see migrations.Racy): from then on a load keeps its
// answers and a cache takes them. It waits a tenth of a second on a file
// system with fine time stamps, two seconds on one that stamps whole
// seconds, instead of sleeping for the longer in every case.
package racytest

import (
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/migrations"
)

// Settle returns once no file or directory below root, root included, is
// racy; it fails the test when one stays racy for 5 seconds.
func Settle(t testing.TB, root string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		racy := firstRacy(t, root)
		if racy == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still racy after 5 s (a time stamp in the future?)", racy)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// firstRacy returns the first racy entry below root, "" when there is
// none.
func firstRacy(t testing.TB, root string) string {
	t.Helper()
	now := time.Now()
	racy := ""
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if migrations.Racy(fi, now) {
			racy = p
			return fs.SkipAll
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return racy
}
