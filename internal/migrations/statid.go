//go:build linux

package migrations

import (
	"fmt"
	"io/fs"
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
	return fmt.Sprintf("stat %d %d %d %d %d", st.Dev, st.Ino, st.Size, mtime.UnixNano(), ctime.UnixNano()), racy, true
}
