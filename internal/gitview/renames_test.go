package gitview

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/migguard/migguard/internal/gitview/gittest"
)

// renameContent returns file contents for the cases rename detection
// weighs: copies, edits around the 50 % threshold, CRLF text, lines over
// 64 bytes, a CR at the end of a 4 KiB read, binary content, empty files
// and sizes far apart.
func renameContent(rng *rand.Rand, base string) string {
	switch rng.Intn(9) {
	case 0:
		return base // an exact copy
	case 1: // some lines edited
		lines := strings.SplitAfter(base, "\n")
		for i := range lines {
			if rng.Intn(100) < 30+rng.Intn(40) {
				lines[i] = fmt.Sprintf("edited %d\n", rng.Intn(1000))
			}
		}
		return strings.Join(lines, "")
	case 2:
		return strings.ReplaceAll(base, "\n", "\r\n")
	case 3: // long lines
		return strings.Repeat(strings.TrimSuffix(base, "\n"), 3) + "\n"
	case 4: // a CR as the last byte of the first 4 KiB
		pad := strings.Repeat("x", 4095-len(base)%4096+len(base)) // > 4095 bytes
		return pad[:4095] + "\r\n" + base
	case 5: // binary
		b := []byte(base)
		b[len(b)/2] = 0
		return string(b)
	case 6:
		return ""
	case 7: // much larger
		return base + strings.Repeat(base, 2+rng.Intn(3))
	default: // fresh
		var b strings.Builder
		for i := 0; i < 10+rng.Intn(30); i++ {
			fmt.Fprintf(&b, "fresh line %d %d\n", i, rng.Intn(5))
		}
		return b.String()
	}
}

// Diff's rename detection agrees with go-git's DetectRenames on files
// deleted and added at once in many shapes: copies of one content under
// several names, edited copies, CRLF, long lines, binary, empty and
// executable files, in the same and in other directories. go-git breaks
// ties of equal scores in map order, which changes from run to run, so
// a difference counts only when no run of go-git gives Diff's answer.
func TestRenamesMatchGoGit(t *testing.T) {
	r := gittest.New(t)
	rng := rand.New(rand.NewSource(7))
	dirs := []string{"", "db/", "db/migrations/", "other/place/"}
	var commits []string
	for round := 0; round < 30; round++ {
		entries, _ := os.ReadDir(r.Dir)
		for _, e := range entries { // a fresh tree: everything but .git goes
			if e.Name() != ".git" {
				os.RemoveAll(filepath.Join(r.Dir, e.Name()))
			}
		}
		var bases []string
		for i := 0; i < 3; i++ {
			var b strings.Builder
			for j := 0; j < 8+rng.Intn(40); j++ {
				fmt.Fprintf(&b, "base %d line %d %s\n", i, j, strings.Repeat("w", rng.Intn(90)))
			}
			bases = append(bases, b.String())
		}
		write := func(prefix string, n int) {
			for i := 0; i < n; i++ {
				name := dirs[rng.Intn(len(dirs))] + fmt.Sprintf("%s%03d_%s.sql", prefix, rng.Intn(20), []string{"a", "b", "init"}[rng.Intn(3)])
				abs := filepath.Join(r.Dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(abs), 0o755)
				os.WriteFile(abs, []byte(renameContent(rng, bases[rng.Intn(len(bases))])), 0o644)
				if rng.Intn(8) == 0 {
					os.Chmod(abs, 0o755)
				}
			}
		}
		write("old", 2+rng.Intn(6))
		commits = append(commits, r.Commit(fmt.Sprintf("before %d", round), nil))
		for _, d := range []string{"db", "other"} {
			os.RemoveAll(filepath.Join(r.Dir, d))
		}
		entries, _ = os.ReadDir(r.Dir)
		for _, e := range entries {
			if e.Name() != ".git" && rng.Intn(3) > 0 {
				os.RemoveAll(filepath.Join(r.Dir, e.Name()))
			}
		}
		write("new", 2+rng.Intn(6))
		commits = append(commits, r.Commit(fmt.Sprintf("after %d", round), nil))
	}
	g := openRepo(t, r.Dir)
	renames := 0
	for i := 0; i+1 < len(commits); i += 2 {
		from, err := g.CommitTree(plumbing.NewHash(commits[i]))
		if err != nil {
			t.Fatal(err)
		}
		to, err := g.CommitTree(plumbing.NewHash(commits[i+1]))
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.Diff(from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range got {
			if c.Action == Renamed {
				renames++
			}
		}
		var want []Change
		for try := 0; try < 40; try++ {
			if want = goGitDiff(t, g, from, to); reflect.DeepEqual(got, want) {
				break
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round %d:\n got %v\nwant %v", i/2, got, want)
		}
	}
	if renames < 20 {
		t.Errorf("only %d renames in all rounds: the cases do not exercise rename detection", renames)
	}
}

// nameSimilarity scores paths as go-git does: examples worked by hand.
func TestNameSimilarity(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"a.sql", "a.sql", 100},
		{"a.sql", "b.sql", 50 + 80*50/100}, // no directories: 50; ".sql" of 5 bytes: 80
		{"db/a.sql", "db/a.sql", 100},
		{"db/x/a.sql", "other/a.sql", ((0+1*100/6)*25 + 100*50) / 100}, // directories: only the final "/" alike
		{"db/m/1.sql", "db/n/1.sql", ((3*100/5+1*100/5)*25 + 100*50) / 100},
		{"x", "y", 50},
	} {
		if got := nameSimilarity(tc.a, tc.b); got != tc.want {
			t.Errorf("nameSimilarity(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// The similarity index counts the bytes it hashes as go-git's does: the
// CR of a CRLF is left out of text, but not of binary content (a zero
// byte in the first 8000), nor when the CR ends a 4 KiB read; a line is
// hashed 64 bytes at a time.
func TestSimilarityIndex(t *testing.T) {
	x := strings.Repeat("x", 4095)
	for _, tc := range []struct {
		name, data string
		hashed     uint64
		keys       int
	}{
		{"text CRLF", "ab\r\ncd\r\n", 6, 2},
		{"binary CRLF", "ab\r\ncd\x00\r\n", 9, 2},
		{"CR ending a 4 KiB read", x + "\r\n", 4097, 3},        // 63 blocks of x, 63 x and the CR, the LF
		{"CR inside a 4 KiB read", x[:4000] + "\r\n", 4001, 2}, // blocks of 64 x alike, 32 x and the LF
		{"a long line", strings.Repeat("y", 130) + "\n", 131, 2},
		{"empty", "", 0, 0},
	} {
		s := newSimilarity([]byte(tc.data))
		if s.hashed != tc.hashed || len(s.keys) != tc.keys {
			t.Errorf("%s: hashed %d bytes in %d keys, want %d in %d", tc.name, s.hashed, len(s.keys), tc.hashed, tc.keys)
		}
	}
	a, b := newSimilarity([]byte("1\n2\n3\n4\n")), newSimilarity([]byte("1\n2\n5\n6\n"))
	if got := a.score(b, 100); got != 50 {
		t.Errorf("score of two 4-line files sharing 2 lines = %d, want 50", got)
	}
	if got := newSimilarity(nil).score(newSimilarity(nil), 100); got != 100 {
		t.Errorf("score of two empty files = %d, want 100", got)
	}
}

// Files larger than keptIndex, whose similarity index is built again for
// each pair, pair as go-git pairs them.
func TestRenamesLargeFiles(t *testing.T) {
	r := gittest.New(t)
	big := func(seed, lines int) string {
		var b strings.Builder
		for i := 0; i < lines; i++ {
			fmt.Fprintf(&b, "INSERT INTO t VALUES (%d, %d);\n", i, (i*seed)%97)
		}
		return b.String()
	}
	a, b := big(3, 12000), big(5, 12000) // ~330 KB each
	if len(a) <= keptIndex || len(b) <= keptIndex {
		t.Fatalf("files of %d and %d bytes are not over keptIndex", len(a), len(b))
	}
	from := r.Commit("before", map[string]string{"db/001_a.sql": a, "db/002_b.sql": b, "db/003_c.sql": big(7, 100)})
	os.Remove(filepath.Join(r.Dir, "db/001_a.sql"))
	os.Remove(filepath.Join(r.Dir, "db/002_b.sql"))
	to := r.Commit("after", map[string]string{
		"db/010_a.sql":   a + "-- edited\n",
		"db/011_b.sql":   strings.Replace(b, "(5,", "(6,", 1),
		"db/012_new.sql": big(11, 12000),
	})
	g := openRepo(t, r.Dir)
	ft, err := g.CommitTree(plumbing.NewHash(from))
	if err != nil {
		t.Fatal(err)
	}
	tt, err := g.CommitTree(plumbing.NewHash(to))
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.Diff(ft, tt)
	if err != nil {
		t.Fatal(err)
	}
	if want := goGitDiff(t, g, ft, tt); !reflect.DeepEqual(got, want) {
		t.Errorf("Diff:\n got %v\nwant %v", got, want)
	}
	renames := 0
	for _, c := range got {
		if c.Action == Renamed {
			renames++
		}
	}
	if renames != 2 {
		t.Errorf("%d renames in %v, want 2", renames, got)
	}
}
