package gitview

import (
	"bytes"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// encodeTree writes tree entries as git does: "<octal mode> <name>\x00"
// and a 20-byte id, in the order given.
func encodeTree(ents ...[2]string) []byte {
	var b bytes.Buffer
	for i, e := range ents {
		b.WriteString(e[0] + " " + e[1] + "\x00")
		b.Write(bytes.Repeat([]byte{byte(i + 1)}, 20))
	}
	return b.Bytes()
}

// FuzzParseTree decodes arbitrary tree objects and checks what the rest of
// gitview relies on: nothing panics; a decoded tree accounts for every
// byte of its object, entry after entry; sorted walks the names in plain
// order; and find, which binary-searches a tree in git's order, answers
// as a scan of the entries does, for each name and for a fuzzed one.
func FuzzParseTree(f *testing.F) {
	f.Add(encodeTree([2]string{"100644", "001_init.sql"}, [2]string{"40000", "db"}, [2]string{"100755", "run.sh"}), "db")
	f.Add(encodeTree([2]string{"40000", "a"}, [2]string{"100644", "a.b"}, [2]string{"100644", "a0"}), "a.b")
	f.Add(encodeTree([2]string{"100644", "a.b"}, [2]string{"40000", "a"}), "a") // git's order: "a.b" < "a/"
	f.Add(encodeTree([2]string{"100644", "b"}, [2]string{"100644", "a"}, [2]string{"100644", "a"}), "a")
	f.Add(encodeTree([2]string{"0100644", "x y"}, [2]string{"120000", "link"}, [2]string{"160000", "sub"}), "sub")
	f.Add([]byte("100644 \x00"+string(make([]byte, 20))), "")
	f.Add([]byte("100644 a\x00short"), "a")
	f.Add([]byte("99 a\x00"+string(make([]byte, 20))), "a")
	f.Add([]byte{}, "x")
	f.Fuzz(func(t *testing.T, data []byte, query string) {
		tr, err := parseTree(data)
		if err != nil {
			return
		}
		checkEntries(t, data, tr)
		checkSorted(t, tr)
		for i := 0; i < tr.len(); i++ {
			checkFind(t, tr, tr.name(i))
		}
		checkFind(t, tr, query)
	})
}

// checkEntries checks that the entries cover data exactly, each as
// "<mode> <name>\x00<id>".
func checkEntries(t *testing.T, data []byte, tr *tree) {
	t.Helper()
	at := 0
	for i, e := range tr.ents {
		sp := int(e.name) - 1
		mode, err := strconv.ParseUint(string(data[at:sp]), 8, 32)
		if err != nil || data[sp] != ' ' || uint32(mode) != uint32(e.mode) {
			t.Fatalf("entry %d: mode text %q for mode %o", i, data[at:sp], e.mode)
		}
		name := tr.name(i)
		if name == "" || bytes.IndexByte([]byte(name), 0) >= 0 || data[e.end] != 0 {
			t.Fatalf("entry %d: bad name %q", i, name)
		}
		ent := tr.entry(i)
		if ent.Name != name || !bytes.Equal(ent.Hash[:], data[e.end+1:e.end+21]) {
			t.Fatalf("entry %d: entry %+v does not match its bytes", i, ent)
		}
		at = int(e.end) + 21
	}
	if at != len(data) {
		t.Fatalf("the entries end at %d of %d bytes", at, len(data))
	}
}

// checkSorted checks that sorted lists every entry once, by plain name.
func checkSorted(t *testing.T, tr *tree) {
	t.Helper()
	seen := make([]bool, tr.len())
	var names []string
	for i := 0; i < tr.len(); i++ {
		e := tr.sorted(i)
		names = append(names, e.Name)
		j := i
		if tr.byName != nil {
			j = tr.byName[i]
		}
		if seen[j] {
			t.Fatalf("sorted gives entry %d twice", j)
		}
		seen[j] = true
	}
	if !sort.StringsAreSorted(names) {
		t.Fatalf("sorted is not in name order: %q", names)
	}
}

// checkFind compares find with a scan of the entries.
func checkFind(t *testing.T, tr *tree, name string) {
	t.Helper()
	got, ok := tr.find(name)
	found := false
	for i := 0; i < tr.len(); i++ {
		if tr.name(i) == name {
			found = true
		}
	}
	if ok != found || ok && got.Name != name {
		t.Fatalf("find(%q) = %q, %v; a scan finds it: %v", name, got.Name, ok, found)
	}
}

// FuzzTreeContent checks the staged tree's writer against go-git's: the
// entries sorted by compareTreeEntries and written by treeContent are the
// bytes object.Tree.Encode writes after its sorter's order (a directory
// sorts as if its name ended in "/").
func FuzzTreeContent(f *testing.F) {
	f.Add("a a.b a0 a/ b-c b", "a/", uint8(5))
	f.Add("x x/ x.y x-y x0", "", uint8(1))
	f.Add("", "q", uint8(0))
	f.Fuzz(func(t *testing.T, names, dirs string, seed uint8) {
		var entries []TreeEntry
		seen := map[string]bool{}
		for i, n := range strings.Fields(names + " " + dirs) {
			dir := strings.HasSuffix(n, "/")
			n = strings.TrimSuffix(n, "/")
			if n == "" || seen[n] {
				continue
			}
			seen[n] = true
			e := TreeEntry{Name: n, Mode: filemode.Regular}
			if dir || (int(seed)>>uint(i%8))&1 == 1 {
				e.Mode = filemode.Dir
			}
			e.Hash[0], e.Hash[19] = byte(i), seed
			entries = append(entries, e)
		}
		var want []object.TreeEntry
		for _, e := range entries {
			want = append(want, object.TreeEntry{Name: e.Name, Mode: e.Mode, Hash: e.Hash})
		}
		sort.Sort(object.TreeEntrySorter(want))
		var obj plumbing.MemoryObject
		if err := (&object.Tree{Entries: want}).Encode(&obj); err != nil {
			return // a name go-git refuses (a zero byte)
		}
		r, _ := obj.Reader()
		wantData, _ := io.ReadAll(r)
		slices.SortFunc(entries, compareTreeEntries)
		got, err := treeContent(entries)
		if err != nil {
			t.Fatalf("treeContent: %v", err)
		}
		if !bytes.Equal(got, wantData) {
			t.Fatalf("treeContent wrote\n%q\ngo-git writes\n%q", got, wantData)
		}
	})
}
