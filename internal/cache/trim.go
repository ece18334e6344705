package cache

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// sizeFile records the size of the cache when it was last measured, plus
// what the runs since added: writing runs read it to learn whether the
// cache may have outgrown its bound, without listing every entry.
const sizeFile = "size"

// measureAge is how old the record of the size may get before a writing
// run measures the cache again: concurrent runs may each add to the record
// and lose the other's addition.
const measureAge = time.Hour

// tmpAge is how old a temporary file must be before trimming removes it:
// younger ones may be entries that a running process is writing.
const tmpAge = time.Hour

// mayNeedTrim adds what this process wrote to the recorded size and
// reports whether the cache should be measured and trimmed.
func (c *Cache) mayNeedTrim() bool {
	p := filepath.Join(c.dir, sizeFile)
	st, err := os.Stat(p)
	if err != nil || time.Since(st.ModTime()) > measureAge {
		return true
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return true
	}
	size, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return true
	}
	size += c.written.Load()
	if size > c.maxBytes {
		return true
	}
	c.recordSize(size, st.ModTime())
	return false
}

// recordSize writes the size record; mtime, when not zero, keeps the
// time of the last measurement.
func (c *Cache) recordSize(size int64, mtime time.Time) {
	p := filepath.Join(c.dir, sizeFile)
	f, err := os.CreateTemp(c.dir, "tmp-")
	if err != nil {
		return
	}
	_, err = f.WriteString(strconv.FormatInt(size, 10) + "\n")
	if f.Close() != nil || err != nil {
		_ = os.Remove(f.Name())
		return
	}
	if !mtime.IsZero() {
		_ = os.Chtimes(f.Name(), mtime, mtime)
	}
	if os.Rename(f.Name(), p) != nil {
		_ = os.Remove(f.Name())
	}
}

// entryFile is an entry found by trim.
type entryFile struct {
	path  string
	size  int64
	mtime time.Time
}

// trim measures the cache and, when it exceeds its bound, removes the
// entries least recently written or read until it holds three quarters
// of the bound. It also removes temporary files that a process left.
func (c *Cache) trim() {
	subs, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	var files []entryFile
	var total int64
	now := time.Now()
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue
		}
		dir := filepath.Join(c.dir, sub.Name())
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			info, err := e.Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if strings.HasPrefix(e.Name(), "tmp-") {
				if now.Sub(info.ModTime()) > tmpAge {
					_ = os.Remove(p)
				}
				continue
			}
			files = append(files, entryFile{p, info.Size(), info.ModTime()})
			total += info.Size()
		}
	}
	if total > c.maxBytes {
		sort.Slice(files, func(i, j int) bool { return files[i].mtime.Before(files[j].mtime) })
		for _, f := range files {
			if total <= c.maxBytes/4*3 {
				break
			}
			if os.Remove(f.path) == nil {
				total -= f.size
			}
		}
	}
	c.recordSize(total, time.Time{})
}
