package cache

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func key(s string) Key { return sha256.Sum256([]byte(s)) }

func TestPutGet(t *testing.T) {
	c := Open(t.TempDir(), "test")
	if got := c.Get(key("a")); got != nil {
		t.Fatalf("empty cache: Get = %q", got)
	}
	c.Put(key("a"), []byte("alpha"))
	c.Put(key("b"), nil)
	if got := c.Get(key("a")); string(got) != "alpha" {
		t.Errorf("Get(a) = %q, want alpha", got)
	}
	if got := c.Get(key("b")); got == nil || len(got) != 0 {
		t.Errorf("Get(b) = %v, want an empty entry", got)
	}
	c.Put(key("a"), []byte("again"))
	if got := c.Get(key("a")); string(got) != "again" {
		t.Errorf("Get(a) after a second Put = %q", got)
	}
}

// A cache that is off keeps nothing and never fails.
func TestOff(t *testing.T) {
	var c *Cache
	c.Put(key("a"), []byte("x"))
	if c.Get(key("a")) != nil {
		t.Error("a nil cache returned an entry")
	}
	c.Close()
	if Open("", "test") != nil {
		t.Error(`Open("") is not off`)
	}
}

func TestDir(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "MIGGUARD_CACHE" {
				return v
			}
			return ""
		}
	}
	if got := Dir(env("/x/y")); got != "/x/y" {
		t.Errorf("MIGGUARD_CACHE=/x/y: Dir = %q", got)
	}
	if got := Dir(env("off")); got != "" {
		t.Errorf("MIGGUARD_CACHE=off: Dir = %q", got)
	}
	if base, err := os.UserCacheDir(); err == nil {
		if got := Dir(env("")); got != filepath.Join(base, "migguard") {
			t.Errorf("default Dir = %q", got)
		}
	}
}

// An entry that is damaged, cut short or written by another build reads
// as missing, and the next Put replaces it.
func TestBadEntries(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, "test")
	for _, tc := range []struct {
		name  string
		spoil func(p string)
	}{
		{"flipped byte", func(p string) {
			b, _ := os.ReadFile(p)
			b[len(b)-1] ^= 1
			os.WriteFile(p, b, 0o644)
		}},
		{"truncated", func(p string) {
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)-3], 0o644)
		}},
		{"header only", func(p string) {
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:headerSize-1], 0o644)
		}},
		{"another build's", func(p string) {
			other := Open(dir, "another build")
			other.Put(key("x"), []byte("foreign data"))
			b, _ := os.ReadFile(other.path(key("x")))
			os.WriteFile(p, b, 0o644)
		}},
		{"another key's", func(p string) {
			c.Put(key("y"), []byte("other key"))
			b, _ := os.ReadFile(c.path(key("y")))
			os.WriteFile(p, b, 0o644)
		}},
		{"not an entry", func(p string) { os.WriteFile(p, bytes.Repeat([]byte("garbage "), 20), 0o644) }},
	} {
		k := key("x")
		c.Put(k, []byte("some data"))
		tc.spoil(c.path(k))
		if got := c.Get(k); got != nil {
			t.Errorf("%s: Get = %q, want nothing", tc.name, got)
		}
		c.Put(k, []byte("rebuilt"))
		if got := c.Get(k); string(got) != "rebuilt" {
			t.Errorf("%s: after Put, Get = %q", tc.name, got)
		}
	}
}

// Builds do not see each other's entries.
func TestNamespaces(t *testing.T) {
	dir := t.TempDir()
	a, b := Open(dir, "build a"), Open(dir, "build b")
	a.Put(key("k"), []byte("a's"))
	if got := b.Get(key("k")); got != nil {
		t.Errorf("build b read build a's entry: %q", got)
	}
}

// Concurrent writers and readers of the same keys, in separate Caches as
// separate processes would have, only ever see whole entries.
func TestConcurrent(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := Open(dir, "test")
			for i := range 200 {
				k := key(fmt.Sprint(i % 10))
				want := bytes.Repeat([]byte{byte(i % 10)}, 1000+i%10)
				if w%2 == 0 {
					c.Put(k, want)
					continue
				}
				if got := c.Get(k); got != nil && !bytes.Equal(got, bytes.Repeat([]byte{byte(i % 10)}, 1000+i%10)) {
					t.Errorf("key %d: a torn or wrong entry of %d bytes", i%10, len(got))
				}
			}
			c.Close()
		}()
	}
	wg.Wait()
}

// A run that writes past the bound leaves the cache within it, keeping
// the entries used last.
func TestTrim(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir, "test")
	c.SetMaxBytes(100 << 10)
	old := time.Now().Add(-48 * time.Hour)
	for i := range 40 {
		k := key(fmt.Sprint(i))
		c.Put(k, make([]byte, 10<<10))
		// Entries written earlier are older.
		when := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(c.path(k), when, when)
	}
	stale := filepath.Join(c.dir, "00", "tmp-left-behind")
	os.MkdirAll(filepath.Dir(stale), 0o755)
	os.WriteFile(stale, []byte("x"), 0o644)
	os.Chtimes(stale, old, old)
	c.Close()
	var total int64
	kept := 0
	filepath.Walk(c.dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && filepath.Base(p) != sizeFile {
			total += info.Size()
			kept++
		}
		return nil
	})
	if total > 100<<10 {
		t.Errorf("after Close the cache holds %d bytes, over its bound of %d", total, 100<<10)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("an old temporary file was left")
	}
	c2 := Open(dir, "test")
	if c2.Get(key("39")) == nil {
		t.Error("the entry used last was removed")
	}
	if c2.Get(key("0")) != nil {
		t.Error("the entry used first was kept")
	}
	if kept == 0 {
		t.Error("trimming removed every entry")
	}
}

// The test binary has a build ID, so a development build has a namespace.
func TestNamespace(t *testing.T) {
	ns, ok := Namespace("")
	if !ok || ns == "" {
		t.Fatalf("Namespace() = %q, %v", ns, ok)
	}
	if ns2, _ := Namespace(""); ns2 != ns {
		t.Errorf("Namespace changed within a process: %q, %q", ns, ns2)
	}
	rel, ok := Namespace("v1.2.3")
	if !ok {
		t.Fatal("no namespace for a release")
	}
	t.Logf("development: %s; release: %s", ns, rel)
}

// PutWith keeps what its function writes, in as many pieces as it likes;
// a function that fails keeps nothing, neither the entry nor its
// temporary file, and leaves an entry kept before as it was.
func TestPutWith(t *testing.T) {
	root := t.TempDir()
	c := Open(root, "test")
	var want bytes.Buffer
	c.PutWith(key("a"), func(w io.Writer) error {
		for i := range 1000 {
			piece := bytes.Repeat([]byte{byte(i)}, i)
			want.Write(piece)
			if _, err := w.Write(piece); err != nil {
				return err
			}
		}
		return nil
	})
	if got := c.Get(key("a")); !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("Get after PutWith: %d bytes, want %d", len(got), want.Len())
	}
	c.Put(key("b"), []byte("kept"))
	for _, k := range []string{"b", "c"} {
		c.PutWith(key(k), func(w io.Writer) error {
			w.Write([]byte("half of it"))
			return errors.New("cannot go on")
		})
	}
	if got := c.Get(key("b")); string(got) != "kept" {
		t.Errorf("a failed PutWith changed the entry kept before: %q", got)
	}
	if got := c.Get(key("c")); got != nil {
		t.Errorf("a failed PutWith kept %q", got)
	}
	tmps, _ := filepath.Glob(filepath.Join(root, formatDir, "*", "tmp-*"))
	if len(tmps) != 0 {
		t.Errorf("failed writes left temporary files: %v", tmps)
	}
}

// The build ID read from the executable's note segment is the one that
// go tool buildid prints; a file cut short or not ELF has none, without
// an error.
func TestReadBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := readBuildID(exe); got != want || got == "" {
		t.Fatalf("readBuildID = %q, go tool buildid %q", got, want)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, n := range []int{0, 3, 40, 64, 200, 4000} {
		cut := filepath.Join(dir, "cut")
		if err := os.WriteFile(cut, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		if got := readBuildID(cut); got != "" && n < 200 {
			t.Errorf("a file of its first %d bytes gives %q", n, got)
		}
	}
	other := filepath.Join(dir, "script")
	os.WriteFile(other, []byte("#!/bin/sh\necho hi\n"), 0o755)
	if got := readBuildID(other); got != "" {
		t.Errorf("a script gives %q", got)
	}
}
