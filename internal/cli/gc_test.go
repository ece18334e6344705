package cli

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// Once the live heap outgrows the base limit, the soft memory limit
// follows it at twice its size; once it is small again, it is the base.
func TestLiveHeapLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	stopFollowing(nil) // the limit that earlier tests' commands follow
	const base = 8 << 20
	l := &liveHeapLimit{tight: base, base: base}
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

// The limit stays tight while it leaves the heap room to grow and the
// collector takes little of the CPU time over its last collections,
// whatever the live heap below it; once it leaves too little room, the
// collector takes more, or the live heap outgrows it, the limit follows
// the live heap from the roomier base from then on.
func TestLiveHeapLimitNext(t *testing.T) {
	const mib = 1 << 20
	type step struct {
		live, goal int64
		gc, total  float64 // CPU seconds so far
		want       int64
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"cheap collections keep the base", []step{
			{40 * mib, 100 * mib, 0.01, 1, 128 * mib}, {60 * mib, 100 * mib, 0.02, 2, 128 * mib},
			{70 * mib, 95 * mib, 0.2, 3, 128 * mib}, {75 * mib, 94 * mib, 0.4, 4, 128 * mib},
			{76 * mib, 96 * mib, 0.6, 5, 128 * mib}, {78 * mib, 98 * mib, 0.8, 6, 128 * mib},
		}},
		{"costly collections free the heap", []step{
			{40 * mib, 100 * mib, 0.1, 1, 128 * mib}, {60 * mib, 100 * mib, 0.2, 2, 128 * mib},
			{70 * mib, 95 * mib, 0.5, 3, 128 * mib}, {72 * mib, 95 * mib, 0.9, 4, 128 * mib},
			{74 * mib, 95 * mib, 1.5, 5, 192 * mib},
			// and it stays free while the collector is cheap again
			{110 * mib, 200 * mib, 1.5, 6, 220 * mib}, {20 * mib, 200 * mib, 1.5, 7, 192 * mib},
		}},
		{"too little room frees the heap", []step{
			{60 * mib, 100 * mib, 0, 1, 128 * mib}, {80 * mib, 95 * mib, 0, 2, 192 * mib},
		}},
		{"a live heap past the base frees it", []step{{130 * mib, 200 * mib, 0, 1, 260 * mib}}},
	} {
		l := &liveHeapLimit{tight: 128 * mib, base: 192 * mib}
		for i, st := range tc.steps {
			if got := l.next(st.live, st.goal, st.gc, st.total); got != st.want {
				t.Errorf("%s, step %d: limit %d MiB, want %d MiB", tc.name, i, got/mib, st.want/mib)
			}
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

// After a large live heap is dropped, releaseMemory collects it and gives
// its pages back; after a small one it does not collect.
func TestReleaseMemory(t *testing.T) {
	read := func(name string) uint64 {
		s := []metrics.Sample{{Name: name}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	gcs := func() uint64 { return read("/gc/cycles/total:gc-cycles") }
	small := make([]byte, 1<<20)
	runtime.GC()
	before := gcs()
	releaseMemory()
	if gcs() != before {
		t.Errorf("releaseMemory collected after a live heap of %d bytes", read("/gc/heap/live:bytes"))
	}
	runtime.KeepAlive(small)

	big := make([][]byte, 96)
	for i := range big {
		big[i] = make([]byte, 1<<20)
		big[i][0] = 1
	}
	runtime.GC()
	runtime.KeepAlive(big)
	big = nil
	before = gcs()
	releaseMemory()
	if gcs() == before {
		t.Fatalf("releaseMemory did not collect after a live heap of 96 MiB")
	}
	if objects, free := read("/memory/classes/heap/objects:bytes"), read("/memory/classes/heap/free:bytes"); objects > 48<<20 || free > 16<<20 {
		t.Errorf("after releaseMemory: %d bytes of objects, %d free and kept; want the dropped 96 MiB collected and given back", objects, free)
	}
}
