package gitview

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
)

// mappedReader is a mapped file as a commitgraph.ReaderAtCloser.
type mappedReader struct {
	*bytes.Reader
	unmap func() error
}

func (m *mappedReader) Close() error { return m.unmap() }

func openMapped(p string) (*mappedReader, error) {
	data, unmap, err := mapFile(p)
	if err != nil {
		return nil, err
	}
	return &mappedReader{Reader: bytes.NewReader(data), unmap: unmap}, nil
}

// openCommitGraph opens the commit-graph that git writes (gc, fetch with
// fetch.writeCommitGraph) in objects/info: a single file, or a chain of
// split files. It gives each commit's tree, parents and time without
// inflating the commit, so the merge-base walk reads no objects. nil when
// there is none or it cannot be read; commits it lacks are read from the
// object store.
func openCommitGraph(objectsDir string) commitgraph.Index {
	if r, err := openMapped(filepath.Join(objectsDir, "info", "commit-graph")); err == nil {
		idx, err := commitgraph.OpenFileIndex(r)
		if err != nil {
			r.Close()
			return nil
		}
		return idx
	}
	chain, err := os.ReadFile(filepath.Join(objectsDir, "info", "commit-graphs", "commit-graph-chain"))
	if err != nil {
		return nil
	}
	var idx commitgraph.Index
	for _, h := range strings.Fields(string(chain)) {
		r, err := openMapped(filepath.Join(objectsDir, "info", "commit-graphs", "graph-"+h+".graph"))
		if err != nil {
			break
		}
		next, err := commitgraph.OpenFileIndexWithParent(r, idx)
		if err != nil {
			r.Close()
			break
		}
		idx = next
	}
	return idx
}

// graphCommit returns a commit from the commit-graph, nil when it is not
// there.
func (g *Git) graphCommit(h Hash) *commitInfo {
	if g.graph == nil {
		return nil
	}
	i, err := g.graph.GetIndexByHash(h)
	if err != nil {
		return nil
	}
	d, err := g.graph.GetCommitDataByIndex(i)
	if err != nil || len(d.ParentHashes) != len(d.ParentIndexes) {
		return nil
	}
	return &commitInfo{tree: d.TreeHash, parents: d.ParentHashes, time: d.When.Unix()}
}
