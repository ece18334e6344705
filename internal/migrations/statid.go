//go:build linux

package migrations

import (
	"io/fs"
	"strconv"
	"syscall"
	"time"
)

// statIDs says that statID can tell files apart.
const statIDs = true

// racyAge is how close to a load a file's change must be for its id to be
// distrusted: a file changed again within its file system's time
// granularity, with the same size, would keep its id.
var racyAge = 2 * time.Second

// statID returns an id of a file's content from its device, inode, size,
// and change and modification times, as git's index does; racy is set
// when the file changed within racyAge of since.
func statID(fi fs.FileInfo, since time.Time) (id string, racy, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false, false
	}
	mtime := time.Unix(st.Mtim.Unix())
	ctime := time.Unix(st.Ctim.Unix())
	racy = !mtime.Before(since.Add(-racyAge)) || !ctime.Before(since.Add(-racyAge))
	b := make([]byte, 0, 96)
	b = append(b, "stat "...)
	b = strconv.AppendUint(b, uint64(st.Dev), 10)
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(st.Ino), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(st.Size), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, mtime.UnixNano(), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, ctime.UnixNano(), 10)
	return string(b), racy, true
}
