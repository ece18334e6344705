// Package fileread reads whole regular files in as few system calls as
// the system allows. On Linux, os.Open offers every file it opens to the
// runtime's network poller, which refuses a regular file: each open costs
// four fcntl and an epoll_ctl besides the open, the read and the close.
// migguard reads thousands of migrations and cache entries in a run, so
// it opens, reads and closes them itself.
package fileread

// Regular reads the regular file at path, whose size a Stat of it just
// gave, and reports whether it read it: false when it could not be
// opened or read, is no longer a regular file (a link is not followed),
// or has grown since, for the caller to read it the general way. A file
// that shrank is read as it now is.
func Regular(path string, size int64) ([]byte, bool) {
	if size < 0 || size >= 1<<40 {
		return nil, false
	}
	return regular(path, size)
}

// UpTo reads the regular file at path when it holds at most limit bytes
// (a link is not followed), taking its size from the open file: one
// system call fewer than a Stat and Regular. It returns the file's size;
// ok is false when it could not be opened or read, is not a regular file,
// or grew while read, for the caller to read it the general way. A file
// larger than limit is not read: data is nil and size says how large it
// is.
func UpTo(path string, limit int64) (data []byte, size int64, ok bool) {
	if limit < 0 || limit >= 1<<40 {
		return nil, 0, false
	}
	return upTo(path, limit)
}
