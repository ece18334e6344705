//go:build !linux

package migrations

import (
	"io/fs"
	"time"
)

// statIDs says that statID can tell files apart: not on this system,
// whose file information this package does not read.
const statIDs = false

func statID(fs.FileInfo, time.Time) (string, bool, bool) { return "", false, false }

// changeTime returns false: this package does not read this system's
// file information.
func changeTime(fs.FileInfo) (time.Time, bool) { return time.Time{}, false }

func openRoot(fs.FS) int { return -1 }

func closeRoot(int) {}

func quickID(fs.FS, int, string, time.Time) (string, bool, bool) { return "", false, false }

func dirQuickID(fs.FS, int, string, time.Time) (string, bool) { return "", false }
