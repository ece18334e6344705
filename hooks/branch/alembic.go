package branch

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// revisionFiles lists the revision files of an Alembic set in a tree, as
// Alembic reads them: the *.py files of its version locations, without
// __init__.py.
func (c *checker) revisionFiles(tree gitview.Hash, set *project.Set) ([]string, error) {
	var out []string
	for _, dir := range set.Dirs() {
		paths, err := c.repo.List(tree, dir)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			if set.Alembic.Holds(p) {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

// revisions parses the revision files of a tree, each blob once.
func (c *checker) revisions(tree gitview.Hash, set *project.Set, cache map[gitview.Hash]*alembic.Revision) (map[string]*alembic.Revision, error) {
	files, err := c.revisionFiles(tree, set)
	if err != nil {
		return nil, err
	}
	byID := map[string]*alembic.Revision{}
	for _, p := range files {
		id, ok, err := c.repo.File(tree, p)
		if err != nil || !ok {
			return nil, err
		}
		rev, seen := cache[id]
		if !seen {
			src, err := c.repo.Blob(id)
			if err != nil {
				return nil, err
			}
			rev, _ = alembic.ParseRevision(p, src)
			cache[id] = rev
		}
		if rev != nil {
			r := *rev
			r.Path = p
			byID[r.ID] = &r
		}
	}
	return byID, nil
}

func graphOf(revs map[string]*alembic.Revision) *alembic.Graph {
	list := make([]*alembic.Revision, 0, len(revs))
	for _, r := range revs {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	return alembic.NewGraph(list, nil)
}

func (c *checker) findingAt(rule, p string, line int, msg string) {
	if line < 1 {
		line = 1
	}
	c.res.Findings = append(c.res.Findings, rules.Finding{
		Rule: rule, Severity: rules.Lookup(rule).Severity, Path: p, Pos: pgparse.Pos{Line: line, Col: 1}, End: pgparse.Pos{Line: line, Col: 1},
		Message: msg, Help: rules.Lookup(rule).Help,
	})
}

func (c *checker) checkAlembic(set *project.Set) error {
	cache := map[gitview.Hash]*alembic.Revision{}
	baseRevs, err := c.revisions(c.s.BaseTree, set, cache)
	if err != nil {
		return err
	}
	headRevs, err := c.revisions(c.s.HeadTree, set, cache)
	if err != nil {
		return err
	}
	mbFiles, err := c.revisionFiles(c.s.MergeBaseTree, set)
	if err != nil {
		return err
	}
	atMB := map[string]bool{}
	for _, p := range mbFiles {
		atMB[p] = true
	}
	headByPath := map[string]*alembic.Revision{}
	for _, r := range headRevs {
		headByPath[r.Path] = r
	}
	onBase := map[string]bool{}
	for _, r := range baseRevs {
		onBase[r.Path] = true
	}

	var added []*alembic.Revision
	for _, ch := range c.changes {
		inDir := func(p string) bool { return p != "" && set.Alembic.Holds(p) }
		if !inDir(ch.From) && !inDir(ch.To) {
			continue
		}
		switch {
		case ch.Action == gitview.Added || !atMB[ch.From]:
			r := headByPath[ch.To]
			if r == nil {
				continue
			}
			if b := baseRevs[r.ID]; b != nil {
				if id, ok, _ := c.repo.File(c.s.BaseTree, b.Path); ok && id == ch.ToBlob {
					c.res.Notes = append(c.res.Notes, fmt.Sprintf("revision %s (%s) is already on %s (squash-merged or cherry-picked): not counted", r.ID, ch.To, c.base))
					continue
				}
				c.findingAt(RuleDuplicate, r.Path, r.Line, fmt.Sprintf("revision id %s is already used on %s by %s; give this revision a new id", r.ID, c.base, b.Path))
				continue
			}
			added = append(added, r)
		case ch.Action == gitview.Renamed && ch.FromBlob == ch.ToBlob:
			// Alembic reads ids, not file names: a pure rename changes nothing.
			c.res.Notes = append(c.res.Notes, fmt.Sprintf("%s was renamed to %s; Alembic identifies revisions by id, so nothing changes", ch.From, path.Base(ch.To)))
		case ch.Action == gitview.Renamed:
			if err := c.editedMerged(set, gitview.Change{Action: gitview.Modified, From: ch.From, To: ch.To, FromBlob: ch.FromBlob, ToBlob: ch.ToBlob}, onBase); err != nil {
				return err
			}
		default:
			if err := c.editedMerged(set, ch, onBase); err != nil {
				return err
			}
		}
	}
	sort.Slice(added, func(i, j int) bool { return added[i].Path < added[j].Path })
	for _, r := range added {
		c.res.Added = append(c.res.Added, r.Path)
	}
	baseGraph := graphOf(baseRevs)
	heads := baseGraph.Heads()
	mbIDs := map[string]bool{}
	for _, p := range mbFiles {
		if r := baseByPath(baseRevs, p); r != nil {
			mbIDs[r.ID] = true
		}
	}
	var gained []string
	for id := range baseRevs {
		if !mbIDs[id] {
			gained = append(gained, id)
		}
	}
	sort.Strings(gained)
	if len(gained) > 0 {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("%s gained %d revision(s) in %s since this branch forked at %s: %s",
			c.base, len(gained), set.Dir, gitview.Short(c.s.MergeBase), strings.Join(gained, ", ")))
	}
	if len(added) > c.o.MaxPerSet {
		names := make([]string, len(added))
		for i, r := range added {
			names[i] = r.ID
		}
		for _, r := range added[c.o.MaxPerSet:] {
			c.findingAt(RuleCount, r.Path, r.Line, fmt.Sprintf("this branch adds %d revisions to %s (at most %d per branch): %s; fold them into one",
				len(added), set.Dir, c.o.MaxPerSet, strings.Join(names, ", ")))
		}
	}
	if len(added) == 0 {
		return nil
	}
	if len(heads) > 1 {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("%s itself has %d heads in %s (%s): merge them there first", c.base, len(heads), set.Dir, strings.Join(heads, ", ")))
	}
	addedIDs := map[string]bool{}
	for _, r := range added {
		addedIDs[r.ID] = true
	}
	isHead := map[string]bool{}
	for _, h := range heads {
		isHead[h] = true
	}
	stale := false
	for _, r := range added {
		if len(r.Unknown) > 0 {
			continue // the reader reports what it could not read
		}
		for _, d := range r.Down {
			if addedIDs[d] || isHead[d] || baseRevs[d] == nil {
				continue
			}
			stale = true
			want := strings.Join(heads, "', '")
			msg := fmt.Sprintf("revision %s has down_revision = '%s', but the head of %s is '%s'", r.ID, d, c.base, want)
			if len(gained) > 0 {
				msg = fmt.Sprintf("revision %s has down_revision = '%s', but %s gained %s since this branch forked", r.ID, d, c.base, strings.Join(heads, ", "))
			}
			c.findingAt(RuleStale, r.Path, r.DownLine, msg+fmt.Sprintf("; rebase on %s and set down_revision = '%s'", c.base, want))
		}
	}
	if stale || len(heads) > 1 {
		return nil
	}
	merged := map[string]*alembic.Revision{}
	for id, r := range baseRevs {
		merged[id] = r
	}
	for _, r := range added {
		merged[r.ID] = r
	}
	if after := graphOf(merged).Heads(); len(after) > 1 {
		r := added[len(added)-1]
		c.findingAt(RuleHeads, r.Path, r.DownLine, fmt.Sprintf("merging this branch into %s leaves %d heads in %s (%s); set down_revision = '%s'",
			c.base, len(after), set.Dir, strings.Join(after, ", "), strings.Join(heads, "', '")))
	}
	return nil
}

func baseByPath(revs map[string]*alembic.Revision, p string) *alembic.Revision {
	for _, r := range revs {
		if r.Path == p {
			return r
		}
	}
	return nil
}
