// Package procs decides how many processors a run of migguard uses and how
// many workers each parallel step starts. A run starts on one processor
// (Narrow) and widens to all that the runtime would use the first time a
// step has work for more than one worker (Workers): most runs are short —
// a warm lint, a hook's lint of one staged file, a keystroke in the
// editor — and on them a second processor costs more in waking and
// switching threads than it saves (a warm one-file lint of a 1,000-file
// set: 7.2 ms on one processor against 8.1 ms on two); a cold run
// parses thousands of files and widens at once.
package procs

import (
	"runtime"
	"sync/atomic"
)

var (
	// narrowed is set from Narrow until the process widens.
	narrowed atomic.Bool
	// wide is the number of processors before Narrow.
	wide atomic.Int32
)

// Narrow has the process run Go code on one processor until a step asks
// for more workers, unless getenv("GOMAXPROCS") sets how many: that is
// the user's choice. A program calls it first, before it starts any
// worker.
func Narrow(getenv func(string) string) {
	if getenv("GOMAXPROCS") != "" || narrowed.Load() {
		return
	}
	if prev := runtime.GOMAXPROCS(1); prev > 1 {
		wide.Store(int32(prev))
		narrowed.Store(true)
	}
}

// Workers returns how many workers a step with n items of work starts:
// one per per items (at least one worker), at most as many as the
// processors the runtime would use. More than one widens a narrowed
// process first.
func Workers(n, per int) int {
	w := min(available(), n/max(per, 1)+1)
	if w > 1 {
		widen()
	}
	return max(w, 1)
}

// available returns how many processors the process may use: the
// runtime's number, or before a narrowed process widens, the number it
// will widen to.
func available() int {
	if narrowed.Load() {
		return int(wide.Load())
	}
	return runtime.GOMAXPROCS(0)
}

// widen gives a narrowed process back the processors the runtime would
// use, once, and lets the runtime follow them again as it does by default.
func widen() {
	if narrowed.CompareAndSwap(true, false) {
		runtime.SetDefaultGOMAXPROCS()
	}
}
