package migrations

import (
	"io/fs"
	"time"

	"github.com/migguard/migguard/internal/cache"
)

// Memoized returns what compute returns when it reads fsys, taken from the
// cache when nothing that compute read of fsys has changed since it last
// ran: as LoadDirCached does, the reads are recorded by the content ids
// of what they read, asked again, and the result kept under the answers.
// key names the computation and every input of it besides fsys; compute
// must read fsys only through the file system it is given. A file system
// without content ids, a read without one (a file changed in the last
// seconds) or a nil cache computes every time.
func Memoized(c *cache.Cache, fsys fs.FS, key string, compute func(fs.FS) []byte) []byte {
	kind := ContentKind(fsys)
	if c == nil || kind == "" {
		return compute(fsys)
	}
	root, _ := Root(fsys)
	tk := memoKey("memo trace v3", kind, root, key)
	rootFD := openRoot(fsys)
	defer closeRoot(rootFD)
	if t, ok := decodeTrace(c.Get(tk)); ok {
		if same, _ := t.check(fsys, rootFD, nil); same {
			if out := c.Get(memoResultKey(key, t.key())); out != nil {
				return out
			}
		}
	}
	rec := newRecordFS(fsys, rootFD)
	out := compute(rec)
	if rec.unfit() {
		return out
	}
	trace, answers := rec.trace()
	c.Put(memoResultKey(key, answers), out)
	c.Put(tk, trace)
	return out
}

// memoResultKey is the key of a memoized result: the computation's key
// and the hash of the answers its reads got.
func memoResultKey(key string, answers cache.Key) cache.Key {
	return memoKey("memo result v1", key, string(answers[:]))
}

// FileIDs returns an id of the content of each named file of fsys, for a
// caller that keeps what it read of each file: two equal trusted ids are
// of the same content (in the working tree, the same size, times and
// inode; in a tree git holds, the same blob). fsys is a file system with
// content ids (ContentKind) or the one that Memoized gives its
// computation over such a file system, which records the ids asked;
// the caller asks ContentKind of the file system it was given, since an
// overlay of an editor's texts may answer for files whose content it
// replaces. trusted is false for a file changed in the last seconds,
// whose id a change to come may keep.
func FileIDs(fsys fs.FS, names []string) (ids []string, trusted []bool) {
	ids, trusted = make([]string, len(names)), make([]bool, len(names))
	root := openRoot(fsys)
	defer closeRoot(root)
	now := time.Now()
	for i, name := range names {
		ids[i], trusted[i] = ask(fsys, root, opFile, name, now)
	}
	return ids, trusted
}
