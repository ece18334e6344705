//go:build linux

package migrations

import (
	"encoding/binary"
	"io/fs"
	"path"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// statIDs says that statID can tell files apart.
const statIDs = true

// statID returns an id of a file's content from its device, inode, size,
// and change and modification times, as git's index does; racy is set
// when the file changed within racyAge of since.
func statID(fi fs.FileInfo, since time.Time) (id string, racy, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false, false
	}
	id, racy = formatStatID(uint64(st.Dev), uint64(st.Ino), int64(st.Size), time.Unix(st.Mtim.Unix()), time.Unix(st.Ctim.Unix()), since)
	return id, racy, true
}

// changeTime returns a file's change time, which fs.FileInfo does not
// give.
func changeTime(fi fs.FileInfo) (time.Time, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(st.Ctim.Unix()), true
}

func formatStatID(dev, ino uint64, size int64, mtime, ctime, since time.Time) (id string, racy bool) {
	racy = racyStamps(mtime, ctime, since)
	// Binary, not decimal: a cached set's check makes one for each of
	// thousands of files.
	b := make([]byte, 0, 5+5*8)
	b = append(b, "stat:"...)
	for _, v := range []uint64{dev, ino, uint64(size), uint64(mtime.UnixNano()), uint64(ctime.UnixNano())} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return string(b), racy
}

// openRoot opens the root directory of a Dir, for quickID; -1 for
// another file system, or when it cannot be opened.
func openRoot(fsys fs.FS) int {
	d, ok := fsys.(*dirFS)
	if !ok || d.root == "" {
		return -1
	}
	fd, err := unix.Open(d.root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}

func closeRoot(fd int) {
	if fd >= 0 {
		unix.Close(fd)
	}
}

// quickID returns what ask answers for a file of a Dir whose root is open
// as fd, with one system call that resolves only the name below the
// root; ok is false when it cannot tell (an error, a symbolic link, a
// name outside the root): the caller asks as usual, which gives the
// message of the error.
func quickID(fsys fs.FS, fd int, name string, since time.Time) (id string, trusted, ok bool) {
	if name == "." {
		return "", false, false
	}
	_, st, ok := statBelow(fsys, fd, name)
	if !ok {
		return "", false, false
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFLNK:
		return "", false, false
	case unix.S_IFDIR:
		return "dir", true, true
	}
	id, racy := formatStatID(uint64(st.Dev), uint64(st.Ino), int64(st.Size), time.Unix(st.Mtim.Unix()), time.Unix(st.Ctim.Unix()), since)
	return id, !racy, true
}

// dirQuickID returns the id of a directory of a Dir whose root is open as
// fd (see dirID), with one system call; ok is false when it cannot tell
// (an error, a symbolic link, anything but a directory, a name outside
// the root) or the directory changed within racyAge of since.
func dirQuickID(fsys fs.FS, fd int, name string, since time.Time) (id string, ok bool) {
	d, st, ok := statBelow(fsys, fd, name)
	if !ok || st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return "", false
	}
	// No symbolic link, in a directory inside the root: inside it too, and
	// the names below it need not ask again (see subdirsConfined).
	d.dirs.LoadOrStore(name, nil)
	id, racy := formatStatID(uint64(st.Dev), uint64(st.Ino), int64(st.Size), time.Unix(st.Mtim.Unix()), time.Unix(st.Ctim.Unix()), since)
	return id, !racy
}

// statBelow stats name, without following a symbolic link, through the
// root of a Dir open as fd; ok is false for another file system, a name
// that is not valid or whose directory leads outside the root, or an
// error.
func statBelow(fsys fs.FS, fd int, name string) (d *dirFS, st unix.Stat_t, ok bool) {
	d, isDir := fsys.(*dirFS)
	if fd < 0 || !isDir || !fs.ValidPath(name) || d.dirConfined(path.Dir(name)) != nil {
		return nil, st, false
	}
	err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	for err == unix.EINTR {
		err = unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	return d, st, err == nil
}
