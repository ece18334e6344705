package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// Once the live heap passes two thirds of the base limit, the soft memory
// limit follows it at 1.5 times its size; below, it stays at the base.
func TestLiveHeapLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	const base = 8 << 20
	l := &liveHeapLimit{base: base}
	defer l.stop.Store(true)
	debug.SetMemoryLimit(base)
	l.follow()
	live := make([]byte, 32<<20) // kept live until the end of the test
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < 3*int64(len(live))/2 {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d after collections with %d live bytes, want at least 1.5 times that", debug.SetMemoryLimit(-1), len(live))
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the limit is set by a finalizer, after the collection
	}
	runtime.KeepAlive(live)
	live = nil
	runtime.GC()
	for debug.SetMemoryLimit(-1) != base {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d once the heap is freed, want the base %d", debug.SetMemoryLimit(-1), base)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
