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

// racyAge and fineRacyAge are not used on this system.
var racyAge, fineRacyAge time.Duration

func openRoot(fs.FS) int { return -1 }

func closeRoot(int) {}

func quickID(fs.FS, int, string, time.Time) (string, bool, bool) { return "", false, false }

func dirQuickID(fs.FS, int, string, time.Time) (string, bool) { return "", false }
