package project

import (
	"io/fs"
	"path"
	"runtime"
	"sync"
)

// A lister lists the directories of a walk ahead of it, on the other
// CPUs: the walk takes each listing when it comes to the directory, in its
// own order, while the listings of the directories after it are read. A
// walk of a large repository is mostly listings, system calls that do
// not depend on one another.
//
// The workers list breadth first, away from the walk, which goes depth
// first: a directory that the walk reaches before a worker has taken it is
// listed by the walk itself, and the directories a worker lists are those
// the walk comes to later. A listing is scheduled for every subdirectory
// the walk will visit (skip says which it leaves alone), and for none
// below a directory it leaves (a Python environment).
type lister struct {
	fsys fs.FS
	skip func(rel string) bool
	mu   sync.Mutex
	wake *sync.Cond
	// queue holds the directories to list, the next first; a directory
	// taken by the walk first is left in it, marked taken.
	queue  []*listing
	byDir  map[string]*listing
	closed bool
	// workers is how many workers list: none on a single CPU, where the
	// walk lists every directory itself and nothing is scheduled.
	workers int
	wg      sync.WaitGroup
}

// A listing is one directory's entries, or the error reading them, once
// done is closed; done is nil for a directory the walk lists itself.
type listing struct {
	dir     string
	taken   bool
	done    chan struct{}
	entries []fs.DirEntry
	err     error
}

// newLister starts the workers of a lister, none on a single CPU.
func newLister(fsys fs.FS, skip func(string) bool) *lister {
	l := &lister{fsys: fsys, skip: skip, byDir: map[string]*listing{}}
	l.wake = sync.NewCond(&l.mu)
	l.workers = min(runtime.GOMAXPROCS(0)-1, maxListers)
	for range l.workers {
		l.wg.Go(l.work)
	}
	return l
}

// maxListers is how many workers a lister has at most.
const maxListers = 7

// list returns the entries of dir, as fs.ReadDir does.
func (l *lister) list(dir string) ([]fs.DirEntry, error) {
	l.mu.Lock()
	j := l.byDir[dir]
	if j != nil && j.taken && j.done != nil {
		l.mu.Unlock()
		<-j.done
		return j.entries, j.err
	}
	if j == nil {
		// Not scheduled yet: the listing of its parent is being read
		// below. Recorded, so that it is not scheduled then.
		j = &listing{dir: dir}
		l.byDir[dir] = j
	}
	j.taken = true
	l.mu.Unlock()
	entries, err := fs.ReadDir(l.fsys, dir)
	l.scheduleBelow(dir, entries, err)
	return entries, err
}

// work lists directories until the lister is closed.
func (l *lister) work() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for len(l.queue) == 0 && !l.closed {
			l.wake.Wait()
		}
		if l.closed {
			return
		}
		j := l.queue[0]
		l.queue[0] = nil
		l.queue = l.queue[1:]
		if j.taken {
			continue
		}
		j.taken = true
		l.mu.Unlock()
		j.entries, j.err = fs.ReadDir(l.fsys, j.dir)
		l.scheduleBelow(j.dir, j.entries, j.err)
		close(j.done)
		l.mu.Lock()
	}
}

// scheduleBelow queues the subdirectories of a listing that the walk will
// visit.
func (l *lister) scheduleBelow(dir string, entries []fs.DirEntry, err error) {
	if l.workers == 0 || err != nil || dir != "." && isVenv(entries) {
		return
	}
	var subs []string
	for _, e := range entries {
		if e.IsDir() {
			if sub := path.Join(dir, e.Name()); !l.skip(sub) {
				subs = append(subs, sub)
			}
		}
	}
	if len(subs) == 0 {
		return
	}
	l.mu.Lock()
	for _, sub := range subs {
		if l.byDir[sub] == nil {
			j := &listing{dir: sub, done: make(chan struct{})}
			l.byDir[sub] = j
			l.queue = append(l.queue, j)
		}
	}
	l.mu.Unlock()
	l.wake.Broadcast()
}

// close stops the workers once they are done with the listing at hand.
func (l *lister) close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.wake.Broadcast()
	l.wg.Wait()
}
