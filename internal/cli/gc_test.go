package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// Once the live heap passes half of the base limit, the soft memory limit
// follows it at twice its size; below, it stays at the base.
func TestLiveHeapLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	stopFollowing(nil) // the limit that earlier tests' commands follow
	const base = 8 << 20
	l := &liveHeapLimit{base: base}
	defer l.stop.Store(true)
	debug.SetMemoryLimit(base)
	l.follow()
	live := make([]byte, 32<<20) // kept live until the end of the test
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < 2*int64(len(live)) {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d after collections with %d live bytes, want at least twice that", debug.SetMemoryLimit(-1), len(live))
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

// The limit leaves the live heap as much again, up to maxHeadroom, and
// never less than half again.
func TestLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ base, live, want int64 }{
		{240 * mib, 0, 240 * mib},
		{240 * mib, 100 * mib, 240 * mib},
		{240 * mib, 200 * mib, 360 * mib},
		{240 * mib, 256 * mib, 416 * mib},
		{240 * mib, 400 * mib, 600 * mib},
		{240 * mib, 512 * mib, 768 * mib},
		{240 * mib, 1300 * mib, 1950 * mib},
	} {
		if got := limitFor(tc.base, tc.live); got != tc.want {
			t.Errorf("limitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.base/mib, tc.live/mib, got/mib, tc.want/mib)
		}
	}
}

// A command run after another follows the live heap in its place: one
// limit is followed, not one per command run in the process.
func TestSetGCFollowsOnce(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	getenv := func(string) string { return "" }
	setGC(getenv, 150)
	first := following.Load()
	setGC(getenv, 150)
	second := following.Load()
	if first == nil || second == nil || first == second {
		t.Fatalf("followers %p and %p, want two", first, second)
	}
	if !first.stop.Load() || second.stop.Load() {
		t.Errorf("first stopped %v, second stopped %v; want only the first", first.stop.Load(), second.stop.Load())
	}
	stopFollowing(nil)
	if !second.stop.Load() {
		t.Error("the follower is not stopped")
	}
}
