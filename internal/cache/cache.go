// Package cache is migguard's content-addressed cache on disk: what a
// lint run learnt (the findings of a run of files, the schema that the
// files before a point build) kept under a key that hashes everything the
// result depends on, so that the next run over the same files loads it
// instead of working it out again.
//
// The cache lives in os.UserCacheDir()/migguard, or in the directory that
// MIGGUARD_CACHE names (MIGGUARD_CACHE=off turns it off), under a
// directory per entry format (v1). Each entry is one file named by its
// key, written to a temporary file and renamed into place, so that
// concurrent runs never see half an entry. An entry records the program
// that wrote it, its key, its length and a checksum: one that is
// truncated, corrupt or written by another build reads as missing and is
// written again. The cache is bounded in size: a run that wrote entries
// removes the least recently used ones when the whole exceeds the bound.
//
// Keys are built by the callers with a Hasher; the namespace given to
// Open (migguard's version and build) is mixed into every key, so a new
// migguard never reads an old one's entries.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/migguard/migguard/internal/fileread"
)

// Key is the address of an entry: a hash of everything its content
// depends on.
type Key [32]byte

// String returns the key in hexadecimal.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// DefaultMaxBytes bounds the size of the cache on disk.
const DefaultMaxBytes = 512 << 20

// formatDir is the directory of the entries of this format: a change of
// the entry layout moves to a new directory, which the old one's trimming
// never touches.
const formatDir = "v1"

// Cache is an open cache directory. A nil *Cache is a cache that is off:
// Get finds nothing and Put keeps nothing.
type Cache struct {
	dir      string // the directory of the entries (root/v1)
	ns       Key    // the hash of the namespace
	maxBytes int64
	// written counts the bytes this process wrote, which decides whether
	// Close trims the cache.
	written atomic.Int64
	mu      sync.Mutex
	closed  bool
}

// Dir returns the cache directory that the environment asks for:
// MIGGUARD_CACHE when set ("off" turns the cache off: ""), else
// os.UserCacheDir()/migguard, "" when there is no user cache directory.
func Dir(getenv func(string) string) string {
	switch v := getenv("MIGGUARD_CACHE"); v {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "migguard")
	default:
		return v
	}
}

// Open opens the cache in root for the program that namespace names (its
// version and build: entries of another namespace are never read). It
// returns nil, a cache that is off, when root is "" or cannot be created.
func Open(root, namespace string) *Cache {
	if root == "" {
		return nil
	}
	dir := filepath.Join(root, formatDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	return &Cache{dir: dir, ns: sha256.Sum256([]byte(namespace)), maxBytes: DefaultMaxBytes}
}

// SetMaxBytes sets the bound of the cache's size on disk.
func (c *Cache) SetMaxBytes(n int64) {
	if c != nil {
		c.maxBytes = n
	}
}

// The layout of an entry file: a header, then the data.
const (
	magic      = "MGC2"
	headerSize = len(magic) + 32 + 32 + 8 + 4 // magic, namespace, key, length, CRC-32 (IEEE) of the data
)

// The checksum is CRC-32 with the IEEE polynomial, which the processor
// computes (PCLMULQDQ, PMULL) with tables built in microseconds: the tables
// of CRC-32C's instruction take 0.13 ms to build, in every run that reads
// the cache.

// path returns the file of an entry: its name hashes the namespace and
// the key, in one of 256 directories.
func (c *Cache) path(k Key) string {
	h := sha256.New()
	h.Write(c.ns[:])
	h.Write(k[:])
	var name [32]byte
	h.Sum(name[:0])
	s := hex.EncodeToString(name[:])
	return filepath.Join(c.dir, s[:2], s[2:])
}

// Get returns the data of the entry at k, nil when there is none or it is
// unreadable, truncated, corrupt or another program's.
func (c *Cache) Get(k Key) []byte {
	if c == nil {
		return nil
	}
	b, mtime := readEntry(c.path(k))
	if len(b) < headerSize {
		return nil
	}
	h := b[:headerSize]
	data := b[headerSize:]
	if string(h[:4]) != magic || Key(h[4:36]) != c.ns || Key(h[36:68]) != k ||
		binary.LittleEndian.Uint64(h[68:76]) != uint64(len(data)) ||
		binary.LittleEndian.Uint32(h[76:80]) != crc32.ChecksumIEEE(data) {
		return nil
	}
	// Trimming removes the entries least recently used: renew the time of
	// one read, but not at every read, which would cost a system call.
	if now := time.Now(); now.Sub(mtime) > touchAge {
		_ = os.Chtimes(c.path(k), now, now)
	}
	return data
}

// touchAge is how old the modification time of an entry may get before a
// read renews it.
const touchAge = time.Hour

// readEntry reads an entry file and returns its modification time.
func readEntry(p string) ([]byte, time.Time) {
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() < int64(headerSize) || st.Size() > 1<<34 {
		return nil, time.Time{}
	}
	// An entry is replaced by a rename, never written in place: one that
	// is not read at the size just seen was replaced meanwhile, and is
	// read again as it now is.
	b, ok := fileread.Regular(p, st.Size())
	if !ok || int64(len(b)) != st.Size() {
		return readEntrySlowly(p)
	}
	return b, st.ModTime()
}

// readEntrySlowly is readEntry through the file opened first.
func readEntrySlowly(p string) ([]byte, time.Time) {
	f, err := os.Open(p)
	if err != nil {
		return nil, time.Time{}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() < int64(headerSize) || st.Size() > 1<<34 {
		return nil, time.Time{}
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, time.Time{}
	}
	return b, st.ModTime()
}

// Put stores data at k. Failures are ignored: the cache is only a cache.
func (c *Cache) Put(k Key, data []byte) {
	c.PutWith(k, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// PutWith stores at k the data that write writes, which need not be held
// in memory whole: it goes to the entry's temporary file as it comes, and
// the header, which holds its length and checksum, is written last. An
// error of write, like any failure, leaves the entry as it was.
func (c *Cache) PutWith(k Key, write func(io.Writer) error) {
	if c == nil {
		return
	}
	p := c.path(k)
	dir := filepath.Dir(p)
	f, err := os.CreateTemp(dir, "tmp-")
	if err != nil {
		if os.MkdirAll(dir, 0o755) != nil {
			return
		}
		if f, err = os.CreateTemp(dir, "tmp-"); err != nil {
			return
		}
	}
	var h [headerSize]byte
	_, err1 := f.Write(h[:])
	dw := &dataWriter{f: f}
	err2 := write(dw)
	if err2 == nil {
		err2 = dw.err
	}
	copy(h[:4], magic)
	copy(h[4:36], c.ns[:])
	copy(h[36:68], k[:])
	binary.LittleEndian.PutUint64(h[68:76], uint64(dw.n))
	binary.LittleEndian.PutUint32(h[76:80], dw.crc)
	var err3 error
	if err1 == nil && err2 == nil {
		_, err3 = f.WriteAt(h[:], 0)
	}
	err4 := f.Close()
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || os.Rename(f.Name(), p) != nil {
		_ = os.Remove(f.Name())
		return
	}
	c.written.Add(int64(headerSize) + dw.n)
}

// dataWriter writes an entry's data to its file, counting it and taking
// its checksum as it goes.
type dataWriter struct {
	f   *os.File
	n   int64
	crc uint32
	err error
}

func (w *dataWriter) Write(b []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n, err := w.f.Write(b)
	w.crc = crc32.Update(w.crc, crc32.IEEETable, b[:n])
	w.n += int64(n)
	w.err = err
	return n, err
}

// Close ends the use of the cache: when this process wrote entries, it
// trims the cache to its bound if it may exceed it.
func (c *Cache) Close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	if c.written.Load() > 0 && c.mayNeedTrim() {
		c.trim()
	}
}

// Has reports whether an entry is kept at k, without reading it.
func (c *Cache) Has(k Key) bool {
	if c == nil {
		return false
	}
	_, err := os.Stat(c.path(k))
	return err == nil
}
