//go:build linux

package fileread

import "golang.org/x/sys/unix"

// flags open the file for reading without following a link, without
// making a terminal the process's, and without waiting for a writer
// should a FIFO have taken the file's place since the Stat (whose
// Fstat then sends the caller the general way).
const flags = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NOCTTY | unix.O_NONBLOCK

func regular(path string, size int64) ([]byte, bool) {
	fd, _, ok := openRegular(path)
	if !ok {
		return nil, false
	}
	defer unix.Close(fd)
	return readWhole(fd, size)
}

func upTo(path string, limit int64) ([]byte, int64, bool) {
	fd, size, ok := openRegular(path)
	if !ok {
		return nil, 0, false
	}
	defer unix.Close(fd)
	if size > limit {
		return nil, size, true
	}
	data, ok := readWhole(fd, size)
	return data, size, ok
}

// openRegular opens path, and returns its descriptor and size when it is
// a regular file (a link is not followed).
func openRegular(path string) (int, int64, bool) {
	fd, err := unix.Open(path, flags, 0)
	for err == unix.EINTR {
		fd, err = unix.Open(path, flags, 0)
	}
	if err != nil {
		return -1, 0, false
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return -1, 0, false // not (or no longer) a regular file
	}
	return fd, st.Size, true
}

// readWhole reads an open regular file of size bytes, or fewer if it
// shrank, and reports whether it did: false if it grew.
func readWhole(fd int, size int64) ([]byte, bool) {
	// A read of a regular file returns less than asked only at its end:
	// one read a byte longer than the file tells that it was read whole.
	data := make([]byte, size+1)
	n, err := unix.Read(fd, data)
	for err == unix.EINTR {
		n, err = unix.Read(fd, data)
	}
	if err != nil || n < 0 || n == len(data) {
		return nil, false // unreadable, or it grew since the Stat
	}
	return data[:n], true
}
