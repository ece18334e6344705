package migrations

import (
	"io/fs"
	"time"
)

// racyAge is how close to a load a file's change must be for its id to be
// distrusted: a file changed again within its file system's time
// granularity, with the same size, would keep its id. File systems that
// stamp whole seconds (FAT's two, ext3's and HFS+'s one) need the full
// racyAge; one whose stamps carry nanoseconds (ext4, XFS, Btrfs, tmpfs,
// NFS) stamps from a clock that lags the real time by at most a kernel
// tick (1–10 ms), so a change made after a load a tick past the last
// stamp stamps another time: fineRacyAge, a margin of ten such ticks,
// is enough there. A checkout or a generated set is then trusted a tenth
// of a second after it was written instead of two seconds, which a
// pre-commit hook or a script linting right after writing notices.
var (
	racyAge     = 2 * time.Second
	fineRacyAge = 100 * time.Millisecond
)

// Racy reports whether a file changed so recently before since that a
// change to come may leave what fs.Stat tells of it (its size and times)
// as it is: until then, that answer does not tell the file's content.
// Where the system gives no change time, the modification time stands in
// for it.
func Racy(fi fs.FileInfo, since time.Time) bool {
	ctime, ok := changeTime(fi)
	if !ok {
		ctime = fi.ModTime()
	}
	return racyStamps(fi.ModTime(), ctime, since)
}

// racyStamps is Racy for a file whose modification and change times are
// mtime and ctime.
func racyStamps(mtime, ctime, since time.Time) bool {
	age := racyAge
	// A file system keeps no finer stamps than its granularity: a stamp
	// with nanoseconds comes from a fine one. Both stamps of exactly zero
	// nanoseconds on a fine file system are a rare chance that costs
	// racyAge.
	if ctime.Nanosecond() != 0 || mtime.Nanosecond() != 0 {
		age = min(age, fineRacyAge)
	}
	return !mtime.Before(since.Add(-age)) || !ctime.Before(since.Add(-age))
}
