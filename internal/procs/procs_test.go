package procs

import (
	"runtime"
	"testing"
)

// A narrowed process runs on one processor while the steps ask for one
// worker, and widens to the processors it had the first time a step asks
// for more; GOMAXPROCS set in the environment is left alone.
func TestNarrowWiden(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	if prev < 2 {
		t.Skip("one processor: nothing to narrow")
	}
	t.Cleanup(func() {
		narrowed.Store(false)
		runtime.SetDefaultGOMAXPROCS()
	})
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "GOMAXPROCS" {
				return v
			}
			return ""
		}
	}

	Narrow(env("3"))
	if got := runtime.GOMAXPROCS(0); got != prev {
		t.Fatalf("narrowed to %d processors although GOMAXPROCS is set", got)
	}

	Narrow(env(""))
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("narrowed to %d processors, want 1", got)
	}
	if got := available(); got != prev {
		t.Errorf("a narrowed process has %d processors available, want %d", got, prev)
	}
	if w := Workers(99, 100); w != 1 {
		t.Errorf("99 items at 100 per worker: %d workers", w)
	}
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Fatalf("one worker widened the process to %d processors", got)
	}
	if w := Workers(100, 100); w != 2 {
		t.Errorf("100 items at 100 per worker: %d workers, want 2", w)
	}
	if got := runtime.GOMAXPROCS(0); got != prev {
		t.Fatalf("two workers left the process on %d processors, want %d", got, prev)
	}
	if w := Workers(1<<20, 1); w != prev {
		t.Errorf("a million items: %d workers, want one per processor (%d)", w, prev)
	}
	// Narrowed once: a second Narrow after widening narrows again, and
	// per below one counts as one.
	Narrow(env(""))
	if w := Workers(5, 0); w != min(prev, 6) || runtime.GOMAXPROCS(0) != prev {
		t.Errorf("5 items at 0 per worker: %d workers on %d processors", w, runtime.GOMAXPROCS(0))
	}
}
