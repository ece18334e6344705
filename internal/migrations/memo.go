package migrations

import (
	"cmp"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/migguard/migguard/internal/cache"
	"github.com/migguard/migguard/internal/wire"
)

// LoadDirCached is LoadDir with a cache: a set is loaded from the cache
// when nothing that loading it read has changed since. Loading records
// what it reads of fsys (the directories it lists, the files it opens or
// looks at), each by an id of its content: the object id in a tree that
// git holds, or on the file system the file's identity and times (see
// statID). A later load lists the same directories and looks at the same
// files, without reading them, and takes the set from the cache when all
// ids are the same. A file system that gives no ids, or a load with
// errors, is not cached; nor is one that read a file changed in the last
// seconds, whose next change might keep its times. When the set cannot be
// taken whole, each file whose id is unchanged is taken from the last
// load's reading of it (see fileMemo), and only the others are read.
func LoadDirCached(c *cache.Cache, fsys fs.FS, dir string, format Format) (*Set, []error) {
	return loadDirCached(c, fsys, dir, format, false, nil)
}

// LoadDirCachedLazy is LoadDirCached for a caller that reads no file's
// texts (Src, Up, Down) before Set.LoadTexts: a set taken whole from the
// cache comes without them, which a run that finds every result in the
// cache never reads.
func LoadDirCachedLazy(c *cache.Cache, fsys fs.FS, dir string, format Format) (*Set, []error) {
	return loadDirCached(c, fsys, dir, format, true, nil)
}

// LoadDirCachedFor is LoadDirCachedLazy for a caller that reads only the
// migrations that need names (by path), their down files, and the up
// files that the set's tool runs before them: a set taken whole from the
// cache is checked without looking at the others (see unneeded), whose
// fields are then those of the last load that read them, which may be
// out of date. A set that names no needed migration is checked whole.
func LoadDirCachedFor(c *cache.Cache, fsys fs.FS, dir string, format Format, need func(path string) bool) (*Set, []error) {
	return loadDirCached(c, fsys, dir, format, true, need)
}

func loadDirCached(c *cache.Cache, fsys fs.FS, dir string, format Format, lazy bool, need func(string) bool) (*Set, []error) {
	kind := ContentKind(fsys)
	if c == nil || kind == "" {
		return LoadDir(fsys, dir, format)
	}
	root, _ := Root(fsys)
	tk := memoKey("load trace v4", kind, root, dir, string(format))
	// The root is opened once for the replay's and the memo's quickIDs.
	rootFD := openRoot(fsys)
	defer closeRoot(rootFD)
	var known map[string]string
	if t, ok := decodeTrace(c.Get(tk)); ok {
		rk := t.key()
		var set *Set
		var skip map[string]bool
		// A set whose texts are kept can be checked in part: its texts,
		// when read, are those of the files as the set was kept, the
		// later files' included. The check begins while the set is read.
		check := t.start(fsys, rootFD)
		if need != nil && c.Has(textsKey(rk)) {
			if s, err := decodeSet(c.Get(rk)); err == nil {
				set, skip = s, unneeded(s, need)
			}
		}
		same, files := check.finish(skip)
		if same {
			if set == nil {
				// Get returns a buffer of its own, which the set keeps.
				set, _ = decodeSet(c.Get(rk))
			}
			if set != nil {
				l := &lazyTexts{c: c, key: textsKey(rk), fsys: fsys, dir: dir, format: format, set: set}
				l.attach()
				if lazy || set.LoadTexts() == nil {
					return set, nil
				}
			}
		}
		known = files()
	}
	rec := newRecordFS(fsys, rootFD)
	fk := memoKey("load files v2", kind, root, dir, string(format))
	files := &fileMemo{rec: rec, known: known, root: rootFD}
	files.format, files.prev = decodeFileMemo(c.Get(fk))
	// Sized for the files of the last load: a map of thousands grown from
	// empty spends more on growing than on its entries.
	files.kept = make(map[string]prevFile, len(files.prev))
	set, errs := loadDir(rec, dir, format, files)
	if files.changed() {
		c.Put(fk, files.encode())
	}
	// The set is kept whole once it is seen twice as it is: a load that
	// read a file anew (a commit's staged migration, a file being
	// edited) is seldom asked for again, and the next load takes its
	// files from the memo.
	if len(errs) > 0 || set == nil || rec.unfit() || files.fresh.Load() > 0 {
		return set, errs
	}
	trace, rk := rec.trace()
	c.PutWith(textsKey(rk), func(w io.Writer) error { return streamTexts(w, set) })
	c.Put(rk, encodeSet(set))
	c.Put(tk, trace)
	return set, errs
}

// unneeded returns the paths of the files of s that a caller reading only
// the migrations that need names, and what they replay, does not read:
// every migration that its tool runs after all needed ones, the down
// files of the others, which no up file's replay reads, and the .sql
// files that the tool never runs (NotRun), but for needed ones. It is nil
// when need names no migration of s.
func unneeded(s *Set, need func(string) bool) map[string]bool {
	needed := make([]bool, len(s.Files))
	last := -1
	for i, f := range s.Files {
		for ; f != nil; f = f.DownFile {
			if need(f.Path) {
				needed[i], last = true, i
			}
		}
	}
	if last < 0 {
		return nil
	}
	skip := make(map[string]bool, len(s.Files)+len(s.Others))
	// A file that the tool never runs is read only when it is reported on.
	for _, o := range s.Others {
		if o.Kind == NotRun && !need(o.Path) {
			skip[o.Path] = true
		}
	}
	for i, f := range s.Files {
		if i <= last {
			if needed[i] {
				continue
			}
			f = f.DownFile
		}
		for ; f != nil; f = f.DownFile {
			skip[f.Path] = true
		}
	}
	return skip
}

// memoKey hashes the parts of a key, the first naming its kind.
func memoKey(kind string, parts ...string) cache.Key {
	h := wire.NewHash(kind)
	for _, p := range parts {
		h.Str(p)
	}
	return cache.Key(h.Sum())
}

// ContentKind names the kind of a file system whose files have content
// ids, "" for one whose files have none: Dir's where the system gives
// files an identity and times (statIDs), and one that names its kind
// (ContentIDs: a tree that git holds, whose Stat gives object ids; an
// editor's open documents over Dir). A load or computation that reads a
// file system of no kind is never cached.
func ContentKind(fsys fs.FS) string {
	switch f := fsys.(type) {
	case *dirFS:
		if statIDs {
			return "dir"
		}
	case interface{ ContentIDs() string }:
		return f.ContentIDs()
	}
	return ""
}

// contentID returns an id of a file's content from what fs.Stat tells;
// racy is set when the file changed so recently that a change to come may
// keep its id.
func contentID(fi fs.FileInfo, since time.Time) (id string, racy, ok bool) {
	if s, ok := fi.Sys().(interface{ String() string }); ok {
		return "object " + s.String(), false, true
	}
	return statID(fi, since)
}

// SameContent reports whether two answers of fs.Stat for a file, was and
// now, tell the same content by the id a load records for it (contentID:
// a git object's id, or the device, inode, size, and modification and
// change times): a file rewritten with its size and modification time
// kept, as `cp -p`, rsync and tar do, has another change time. Where the
// system gives no such id, the size, modification time, mode and
// os.SameFile stand in for it. Whether now can be trusted (Racy) is the
// caller's question.
func SameContent(was, now fs.FileInfo) bool {
	if was.Mode() != now.Mode() {
		return false
	}
	a, _, okA := contentID(was, time.Time{})
	b, _, okB := contentID(now, time.Time{})
	if okA && okB {
		return a == b
	}
	return was.Size() == now.Size() && was.ModTime().Equal(now.ModTime()) && os.SameFile(was, now)
}

// An operation of a trace: what was asked of the file system, and what it
// answered, as an id.
const (
	opList = 'l' // ReadDir
	opFile = 'f' // Open, ReadFile, Stat: the entry's content id or kind
	// opDir is the id a directory of a Dir had when it was listed (see
	// dirQuickID), kept beside its listing: a check that finds the same id
	// takes the listing as recorded instead of reading the directory
	// again, as git's untracked cache does. It is no answer: the result
	// does not depend on it, and a directory whose id changed is listed.
	opDir = 'd'
)

// recordFS is fsys that records what LoadDir asks of it.
type recordFS struct {
	fsys  fs.FS
	start time.Time
	// root is the root of fsys opened by openRoot, -1 when it is not.
	root int
	mu   sync.Mutex
	ops  map[string]string // op+name → answer
	// untrusted holds the op+name of the answers without an id, or with
	// a racy one: a load that has any is unfit to be kept whole.
	untrusted map[string]bool
	// listed holds the entries of the directories listed, by path, on a
	// file system other than Dir: a tree's entries carry their object ids.
	listed map[string]fs.DirEntry
	// room is the entries ops was last made for (see reserve).
	room int
}

// newRecordFS returns a recordFS over fsys, whose root is open as root
// (see openRoot).
func newRecordFS(fsys fs.FS, root int) *recordFS {
	return &recordFS{fsys: fsys, start: time.Now(), root: root}
}

func (r *recordFS) note(op byte, name, answer string, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ops == nil {
		r.ops = map[string]string{}
	}
	k := string(op) + name
	r.ops[k] = answer
	if !ok {
		if r.untrusted == nil {
			r.untrusted = map[string]bool{}
		}
		r.untrusted[k] = true
	}
}

// reserve makes room in the record for the answers about n more files
// (the entries of a listing just read, which the load asks about next),
// so that a record of thousands is not grown from empty.
func (r *recordFS) reserve(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n < 64 || len(r.ops)+n <= r.room {
		return
	}
	ops := make(map[string]string, len(r.ops)+n)
	maps.Copy(ops, r.ops)
	r.ops, r.room = ops, len(r.ops)+n
}

// unfit reports whether an answer had no id or a racy one.
func (r *recordFS) unfit() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.untrusted) > 0
}

// contentOf returns the content id recorded for a file, ok only when it
// was trusted each time it was asked.
func (r *recordFS) contentOf(name string) (id string, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := string(opFile) + name
	id, ok = r.ops[k]
	return id, ok && !r.untrusted[k]
}

// Root says which directory fsys stands for, as fsys says.
func (r *recordFS) Root() string {
	root, _ := Root(r.fsys)
	return root
}

func (r *recordFS) Open(name string) (fs.File, error) {
	f, err := r.fsys.Open(name)
	if err != nil {
		r.note(opFile, name, errorID(err), true)
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		r.note(opFile, name, "", false)
		return f, nil
	}
	r.file(name, fi)
	return f, nil
}

func (r *recordFS) file(name string, fi fs.FileInfo) {
	if fi.IsDir() {
		r.note(opFile, name, "dir", true)
		return
	}
	id, racy, ok := contentID(fi, r.start)
	r.note(opFile, name, id, ok && !racy)
}

func (r *recordFS) Stat(name string) (fs.FileInfo, error) {
	fi, err := fs.Stat(r.fsys, name)
	if err != nil {
		r.note(opFile, name, errorID(err), true)
		return nil, err
	}
	r.file(name, fi)
	return fi, nil
}

func (r *recordFS) ReadFile(name string) ([]byte, error) {
	if _, err := r.Stat(name); err != nil {
		return nil, err
	}
	return fs.ReadFile(r.fsys, name)
}

func (r *recordFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(r.fsys, name)
	r.note(opList, name, listingID(entries, err), true)
	// Identified after the listing: a directory changed in between has a
	// racy id, and none is kept.
	if err == nil {
		if id, ok := dirQuickID(r.fsys, r.root, name, time.Now()); ok {
			r.note(opDir, name, id, true)
		}
	}
	r.reserve(len(entries))
	if _, isDir := r.fsys.(*dirFS); !isDir && err == nil {
		r.mu.Lock()
		if r.listed == nil {
			r.listed = make(map[string]fs.DirEntry, len(entries))
		}
		for _, e := range entries {
			r.listed[path.Join(name, e.Name())] = e
		}
		r.mu.Unlock()
	}
	return entries, err
}

// listedID returns the content id of a regular file from the listing of
// its directory, as Stat would give it, when the file system gives ids
// there; ok is false otherwise.
func (r *recordFS) listedID(name string) (id string, ok bool) {
	r.mu.Lock()
	e := r.listed[name]
	r.mu.Unlock()
	if e == nil || !e.Type().IsRegular() {
		return "", false
	}
	fi, err := e.Info()
	if err != nil {
		return "", false
	}
	id, racy, ok := contentID(fi, r.start)
	if !ok || racy {
		return "", false
	}
	r.note(opFile, name, id, true)
	return id, true
}

// errorID is the answer for an error: what failed, without the operation
// that failed (Open and Stat of a missing file give the same answer).
func errorID(err error) string { return "error " + UnwrapPathError(err).Error() }

// listingID sums up a listing: names and kinds of entries, or the error.
func listingID(entries []fs.DirEntry, err error) string {
	h := wire.NewHash("listing")
	if err != nil {
		h.Str(errorID(err))
	}
	for _, e := range entries {
		h.Str(e.Name())
		h.Uint(int(e.Type() >> 24))
	}
	k := h.Sum()
	return string(k[:])
}

// trace returns the recorded operations and their answers as the trace
// entry, and the key of the result, which hashes the answers.
func (r *recordFS) trace() ([]byte, cache.Key) {
	var t recordedTrace
	for op := range r.ops {
		t.ops = append(t.ops, op)
	}
	sort.Strings(t.ops)
	for _, op := range t.ops {
		t.answers = append(t.answers, r.ops[op])
	}
	k := t.key()
	// The result's key first: a check that finds the answers the same
	// takes it instead of hashing thousands of them again.
	var e wire.Encoder
	e.Str(string(k[:]))
	e.Uint(len(t.ops))
	for i, op := range t.ops {
		e.Str(op)
		e.Str(t.answers[i])
	}
	return e.B, k
}

// A recordedTrace is a trace entry read: each operation (op byte and name)
// and the answer it got, and, when read from the cache, the key of the
// result they name.
type recordedTrace struct {
	ops, answers []string
	sum          cache.Key
	summed       bool
}

// decodeTrace reads a trace entry; ok is false for a missing or damaged
// one.
func decodeTrace(b []byte) (t recordedTrace, ok bool) {
	if b == nil {
		return t, false
	}
	// Get returns a buffer of its own: the strings are cut from it.
	d := wire.Decoder{B: unsafe.String(unsafe.SliceData(b), len(b))}
	sum, n := d.Str(), d.Count()
	if d.Err != nil || len(sum) != len(t.sum) {
		return recordedTrace{}, false
	}
	copy(t.sum[:], sum)
	t.summed = true
	t.ops, t.answers = make([]string, 0, n), make([]string, 0, n)
	for range n {
		op, answer := d.Str(), d.Str()
		if d.Err != nil || op == "" {
			return recordedTrace{}, false
		}
		t.ops, t.answers = append(t.ops, op), append(t.answers, answer)
	}
	if !d.Done() {
		return recordedTrace{}, false
	}
	return t, true
}

// key is the key of the result that the trace's answers name: the one
// kept with the trace (the cache checks its entries' sums), else their
// hash.
func (t recordedTrace) key() cache.Key {
	if t.summed {
		return t.sum
	}
	parts := make([]string, 0, 2*len(t.ops))
	for i, op := range t.ops {
		if op[0] != opDir {
			parts = append(parts, op, t.answers[i])
		}
	}
	return memoKey("load result v2", parts...)
}

// check asks fsys again what the trace recorded (through root, the root
// of fsys opened by openRoot, where it can), but for the files that skip
// names, and reports whether every answer has an id and is the one
// recorded. files returns the trusted answers about files, by name, for
// a load that cannot take the set whole (see fileMemo).
func (t recordedTrace) check(fsys fs.FS, root int, skip map[string]bool) (same bool, files func() map[string]string) {
	return t.start(fsys, root).finish(skip)
}

// A traceCheck is a check of a trace under way: it may begin before the
// caller knows which files to skip (start), and ends when the caller
// tells it (finish). The questions are asked on every CPU: they are
// system calls, each of them, on a set of thousands of files.
type traceCheck struct {
	t     recordedTrace
	fsys  fs.FS
	root  int
	now   time.Time
	asked []int
	// dirs holds the ids the listed directories had, by name.
	dirs map[string]string
	// next is the index in asked of the next question to ask; answers
	// and trusted are what each operation got (an operation not asked is
	// not trusted).
	next    atomic.Int64
	answers []string
	trusted []bool
	// skip, once published, names the files not to ask about.
	skip atomic.Pointer[map[string]bool]
	// ahead is the goroutine that start began, if any.
	ahead   sync.WaitGroup
	aheadOn bool
}

// aheadAbove is how many questions a trace must hold for start to begin
// asking them on another goroutine, while the caller reads what tells it
// which files to skip (the cached set): fewer are asked on the caller's
// goroutine, when finish is called, as a second thread costs more to
// wake than they take.
const aheadAbove = 256

// start prepares the check of t, and for a long trace begins asking on
// one other goroutine: a question about a file that finish then skips was
// asked for nothing, on a processor that was idle.
func (t recordedTrace) start(fsys fs.FS, root int) *traceCheck {
	c := &traceCheck{t: t, fsys: fsys, root: root, now: time.Now()}
	for i, op := range t.ops {
		if op[0] == opDir {
			if c.dirs == nil {
				c.dirs = map[string]string{}
			}
			c.dirs[op[1:]] = t.answers[i]
			continue
		}
		c.asked = append(c.asked, i)
	}
	// Directories first, parents before children: a directory found by
	// its id is known to be inside the root, and the names below it need
	// not be checked for links again.
	slices.SortStableFunc(c.asked, func(a, b int) int { return cmp.Compare(t.ops[b][0], t.ops[a][0]) })
	c.answers = make([]string, len(t.ops))
	c.trusted = make([]bool, len(t.ops))
	if len(c.asked) > aheadAbove && runtime.GOMAXPROCS(0) > 1 {
		c.ahead.Go(c.work)
		c.aheadOn = true
	}
	return c
}

// work asks the questions not yet claimed, but for the files that the
// published skip names.
func (c *traceCheck) work() {
	for {
		j := int(c.next.Add(1) - 1)
		if j >= len(c.asked) {
			return
		}
		i := c.asked[j]
		op := c.t.ops[i]
		if skip := c.skip.Load(); skip != nil && op[0] == opFile && (*skip)[op[1:]] {
			continue
		}
		var answer string
		var ok bool
		if id, kept := c.dirs[op[1:]]; kept && op[0] == opList && sameDir(c.fsys, c.root, op[1:], id, c.now) {
			answer, ok = c.t.answers[i], true
		} else {
			answer, ok = ask(c.fsys, c.root, op[0], op[1:], c.now)
		}
		c.answers[i], c.trusted[i] = answer, ok
	}
}

// finish publishes skip, asks the rest of the questions on every CPU,
// the caller's goroutine included, and reports as check does: the
// answers about the files skip names count for nothing, even those asked
// before it was known.
func (c *traceCheck) finish(skip map[string]bool) (same bool, files func() map[string]string) {
	c.skip.Store(&skip)
	more := min(runtime.GOMAXPROCS(0), (len(c.asked)-int(c.next.Load()))/aheadAbove+1) - 1
	if c.aheadOn {
		more--
	}
	var wg sync.WaitGroup
	for range more {
		wg.Go(c.work)
	}
	c.work()
	wg.Wait()
	c.ahead.Wait()
	skipped := func(op string) bool { return op[0] == opFile && skip[op[1:]] }
	same = true
	for _, i := range c.asked {
		if op := c.t.ops[i]; !skipped(op) && (!c.trusted[i] || c.answers[i] != c.t.answers[i]) {
			same = false
			break
		}
	}
	files = func() map[string]string {
		m := make(map[string]string, len(c.asked))
		for _, i := range c.asked {
			if op := c.t.ops[i]; op[0] == opFile && !skipped(op) && c.trusted[i] {
				m[op[1:]] = c.answers[i]
			}
		}
		return m
	}
	return same, files
}

// sameDir reports whether a directory of fsys, whose root is open as root,
// has the id it had when it was listed, and had it long enough for a
// change to come to change it.
func sameDir(fsys fs.FS, root int, name, id string, now time.Time) bool {
	got, ok := dirQuickID(fsys, root, name, now)
	return ok && got == id
}

// ask performs one operation of a trace without reading a file; root is
// the root of fsys opened by openRoot.
func ask(fsys fs.FS, root int, op byte, name string, now time.Time) (string, bool) {
	switch op {
	case opList:
		entries, err := fs.ReadDir(fsys, name)
		return listingID(entries, err), true
	case opFile:
		if id, trusted, ok := quickID(fsys, root, name, now); ok {
			return id, trusted
		}
		fi, err := fs.Stat(fsys, name)
		if err != nil {
			return errorID(err), true
		}
		if fi.IsDir() {
			return "dir", true
		}
		id, racy, ok := contentID(fi, now)
		return id, ok && !racy
	}
	return "", false
}

// errMemo is a cached set that cannot be read.
var errMemo = errors.New("migrations: unreadable cached set")
