package alembic

import (
	"fmt"
	"sort"
	"strings"
)

// Graph is the revision graph of one Alembic project.
type Graph struct {
	// Revisions are the revisions read, in file path order. A duplicate id
	// keeps only the later file, as Alembic does; the earlier one is a
	// Problem.
	Revisions []*Revision
	// ByID maps each revision id to its revision.
	ByID map[string]*Revision
	// Problems are the problems of the files and of the graph, sorted by
	// path and line.
	Problems []Problem

	children map[string][]string
	labels   map[string]string // branch label → revision id
}

// NewGraph builds the graph of the given revisions (as ParseRevision
// returns them) and checks it: duplicate ids, dangling down_revision and
// depends_on entries, duplicate branch labels and cycles are added to
// Problems, after the problems passed in.
func NewGraph(revs []*Revision, problems []Problem) *Graph {
	g := &Graph{ByID: map[string]*Revision{}, children: map[string][]string{}, labels: map[string]string{}}
	g.Problems = append(g.Problems, problems...)
	sorted := append([]*Revision(nil), revs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, r := range sorted {
		if r == nil {
			continue
		}
		if old := g.ByID[r.ID]; old != nil {
			g.problem(old.Path, old.Line, DuplicateID, "revision %s is also defined in %s; Alembic keeps only one of them", r.ID, r.Path)
			g.problem(r.Path, r.Line, DuplicateID, "revision %s is also defined in %s; Alembic keeps only one of them", r.ID, old.Path)
			for i, x := range g.Revisions {
				if x == old {
					g.Revisions = append(g.Revisions[:i], g.Revisions[i+1:]...)
					break
				}
			}
		}
		g.ByID[r.ID] = r
		g.Revisions = append(g.Revisions, r)
	}
	for _, r := range g.Revisions {
		for _, l := range r.BranchLabels {
			if other, ok := g.labels[l]; ok && other != r.ID {
				g.problem(r.Path, r.Line, DuplicateLabel, "branch label %s is also used by revision %s", l, other)
			} else if _, isID := g.ByID[l]; isID {
				g.problem(r.Path, r.Line, DuplicateLabel, "branch label %s is also a revision id", l)
			}
			g.labels[l] = r.ID
		}
	}
	for _, r := range g.Revisions {
		for _, d := range r.Down {
			if g.ByID[d] == nil {
				g.problem(r.Path, r.DownLine, DanglingParent, "down_revision %s of revision %s is not present: no revision file defines it", d, r.ID)
				continue
			}
			g.children[d] = append(g.children[d], r.ID)
		}
		for _, d := range r.DependsOn {
			if g.resolve(d) == "" {
				g.problem(r.Path, r.Line, DanglingParent, "depends_on %s of revision %s is neither a revision nor a branch label", d, r.ID)
			}
		}
	}
	g.findCycles()
	sort.SliceStable(g.Problems, func(i, j int) bool {
		a, b := g.Problems[i], g.Problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return g
}

func (g *Graph) problem(path string, line int, kind ProblemKind, format string, args ...any) {
	g.Problems = append(g.Problems, Problem{Path: path, Line: line, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

// resolve returns the revision id of a revision id or branch label, or "".
func (g *Graph) resolve(ref string) string {
	if g.ByID[ref] != nil {
		return ref
	}
	return g.labels[ref]
}

// findCycles reports each cycle of down_revision and depends_on edges once.
func (g *Graph) findCycles() {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		color[id] = grey
		stack = append(stack, id)
		r := g.ByID[id]
		for _, p := range g.parents(r) {
			switch color[p] {
			case white:
				visit(p)
			case grey:
				i := len(stack) - 1
				for stack[i] != p {
					i--
				}
				cyc := append([]string(nil), stack[i:]...)
				sort.Strings(cyc)
				first := g.ByID[cyc[0]]
				g.problem(first.Path, first.DownLine, CycleProblem, "revisions form a cycle: %s; Alembic refuses the whole graph", strings.Join(stack[i:], " → ")+" → "+p)
			}
		}
		stack = stack[:len(stack)-1]
		color[id] = black
	}
	for _, r := range g.Revisions {
		if color[r.ID] == white {
			visit(r.ID)
		}
	}
}

// parents returns the ids that r comes after: its down revisions and its
// resolved dependencies that exist.
func (g *Graph) parents(r *Revision) []string {
	var out []string
	for _, d := range r.Down {
		if g.ByID[d] != nil {
			out = append(out, d)
		}
	}
	for _, d := range r.DependsOn {
		if id := g.resolve(d); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// Ancestors returns the revision that ref names (a revision id or a branch
// label) and every revision it comes after (its down revisions and
// dependencies, transitively), as a set of ids: what `alembic upgrade <ref>`
// applies. ok is false when ref names no revision of the graph.
func (g *Graph) Ancestors(ref string) (ids map[string]bool, ok bool) {
	id := g.resolve(ref)
	if id == "" {
		return nil, false
	}
	ids = map[string]bool{}
	stack := []string{id}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if ids[id] {
			continue
		}
		ids[id] = true
		stack = append(stack, g.parents(g.ByID[id])...)
	}
	return ids, true
}

// Heads returns the ids of the revisions that no other revision names in
// its down_revision, sorted. A depends_on reference does not make a head,
// as in Alembic's `alembic heads`.
func (g *Graph) Heads() []string {
	var out []string
	for _, r := range g.Revisions {
		if len(g.children[r.ID]) == 0 {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

// Bases returns the ids of the revisions without a down_revision, sorted.
func (g *Graph) Bases() []string {
	var out []string
	for _, r := range g.Revisions {
		if len(r.Down) == 0 && !r.unknownDown() {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

// MergePoints returns the ids of the revisions with more than one
// down_revision, sorted.
func (g *Graph) MergePoints() []string {
	var out []string
	for _, r := range g.Revisions {
		if len(r.Down) > 1 {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

// BranchPoints returns the ids of the revisions that more than one
// revision names as down_revision, sorted.
func (g *Graph) BranchPoints() []string {
	var out []string
	for id, ch := range g.children {
		if len(ch) > 1 {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// Children returns the ids of the revisions whose down_revision names id,
// sorted.
func (g *Graph) Children(id string) []string {
	out := append([]string(nil), g.children[id]...)
	sort.Strings(out)
	return out
}

// Complete reports whether every revision file was read and placed: no
// file failed to parse, lacked or computed its revision or parents, and no
// parent is missing. Heads and order are only trustworthy when it is true.
func (g *Graph) Complete() bool {
	for _, p := range g.Problems {
		switch p.Kind {
		case SyntaxProblem, MissingRevision, NonStatic, InvalidID, DanglingParent, CycleProblem, DuplicateID:
			return false
		}
	}
	return true
}

// Order returns the revisions in an order Alembic may apply them: every
// revision after its down revisions and dependencies. Ties are broken by
// walking branches depth-first from the bases, in id order, so a linear
// history comes out as its chain. Revisions on a cycle come last, in path
// order.
func (g *Graph) Order() []*Revision {
	indeg := map[string]int{}
	dependents := map[string][]string{}
	for _, r := range g.Revisions {
		ps := dedup(g.parents(r))
		indeg[r.ID] = len(ps)
		for _, p := range ps {
			dependents[p] = append(dependents[p], r.ID)
		}
	}
	var ready []string
	for _, r := range g.Revisions {
		if indeg[r.ID] == 0 {
			ready = append(ready, r.ID)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(ready)))
	var out []*Revision
	done := map[string]bool{}
	for len(ready) > 0 {
		id := ready[len(ready)-1]
		ready = ready[:len(ready)-1]
		out = append(out, g.ByID[id])
		done[id] = true
		next := append([]string(nil), dependents[id]...)
		sort.Sort(sort.Reverse(sort.StringSlice(next)))
		for _, c := range next {
			indeg[c]--
			if indeg[c] == 0 {
				ready = append(ready, c)
			}
		}
	}
	for _, r := range g.Revisions {
		if !done[r.ID] {
			out = append(out, r)
		}
	}
	return out
}

func dedup(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (r *Revision) unknownDown() bool {
	for _, u := range r.Unknown {
		if u == "down_revision" {
			return true
		}
	}
	return false
}

// labelledHeads reports whether each head lies on a branch of its own:
// the branch labels of the head and its ancestors are not empty, and
// differ from head to head.
func (g *Graph) labelledHeads(heads []string) bool {
	seen := map[string]bool{}
	for _, h := range heads {
		anc, _ := g.Ancestors(h)
		var labels []string
		for id := range anc {
			labels = append(labels, g.ByID[id].BranchLabels...)
		}
		if len(labels) == 0 {
			return false
		}
		sort.Strings(labels)
		key := strings.Join(labels, "\x00")
		if seen[key] {
			return false
		}
		seen[key] = true
	}
	return true
}
