package branch

import (
	"fmt"
	"maps"
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
	c.keepSource(p)
	c.res.Findings = append(c.res.Findings, rules.Finding{
		Rule: rule, Severity: rules.Lookup(rule).Severity, Path: p, Pos: pgparse.Pos{Line: line, Col: 1}, End: pgparse.Pos{Line: line, Col: 1},
		Message: msg, Help: rules.Lookup(rule).Help,
	})
}

// keepSource puts the checked tree's text of a file in Result.Sources, for
// the report's excerpts.
func (c *checker) keepSource(p string) {
	if _, ok := c.res.Sources[p]; ok {
		return
	}
	if id, ok, err := c.repo.File(c.s.HeadTree, p); err == nil && ok {
		if src, err := c.repo.Blob(id); err == nil {
			c.res.Sources[p] = string(src)
		}
	}
}

// alembicCheck is the check of one Alembic set.
type alembicCheck struct {
	*checker
	set        *project.Set
	baseRevs   map[string]*alembic.Revision // by id, on the base tip
	headByPath map[string]*alembic.Revision // in the checked tree
	mbFiles    []string                     // revision files at the merge-base
	atMB       map[string]bool
	onBase     map[string]bool // revision files on the base tip
	added      []*alembic.Revision
	heads      []string // of the base tip
	gained     []string // ids the base gained since the merge-base
	// rebaseline is set when the branch replaces the set's history with a
	// new base revision.
	rebaseline bool
}

func (c *checker) checkAlembic(set *project.Set) error {
	a, err := c.loadAlembic(set)
	if err != nil {
		return err
	}
	a.rebaseline = a.isRebaseline()
	if err := a.classify(); err != nil {
		return err
	}
	a.noteGained()
	if a.rebaseline {
		a.checkRebaseline()
		return nil
	}
	a.checkCount()
	if len(a.added) > 0 {
		a.checkParents()
	}
	return nil
}

// isRebaseline reports whether the branch deletes every revision file of
// the set that the merge-base has and adds a revision without a parent:
// the history is replaced by a new base.
func (a *alembicCheck) isRebaseline() bool {
	if len(a.mbFiles) == 0 {
		return false
	}
	for _, p := range a.mbFiles {
		if _, still := a.headByPath[p]; still {
			return false
		}
	}
	for _, r := range a.headByPath {
		if len(r.Down) == 0 && len(r.Unknown) == 0 && !a.atMB[r.Path] {
			return true
		}
	}
	return false
}

// checkRebaseline reports a rebaseline once, with the procedure, unless
// branch.allow_rebaseline accepts it.
func (a *alembicCheck) checkRebaseline() {
	var base *alembic.Revision
	for _, r := range a.added {
		if len(r.Down) == 0 && (base == nil || r.Path < base.Path) {
			base = r
		}
	}
	if base == nil {
		return
	}
	heads := strings.Join(a.heads, ", ")
	if a.o.AllowRebaseline {
		a.res.Notes = append(a.res.Notes, fmt.Sprintf("this branch rebaselines %s: it deletes the %d revision(s) %s had and adds the new base %s (branch.allow_rebaseline)",
			a.set.Dir, len(a.mbFiles), a.base, base.ID))
		return
	}
	a.findingAt(RuleRebaseline, base.Path, base.Line, fmt.Sprintf(
		"this branch rebaselines %s: it deletes the %d revision(s) that are on %s (head %s) and adds %s, a new base. "+
			"Databases at %s do not know %s, so alembic upgrade head fails there. To rebaseline: make sure every database runs %s first, "+
			"merge this branch, then run alembic stamp %s --purge on each of them instead of upgrading; set branch.allow_rebaseline: true to accept it",
		a.set.Dir, len(a.mbFiles), a.base, heads, base.ID, heads, base.ID, heads, base.ID))
}

// loadAlembic reads the set's revisions on the base tip, in the checked
// tree and at the merge-base.
func (c *checker) loadAlembic(set *project.Set) (*alembicCheck, error) {
	a := &alembicCheck{checker: c, set: set, headByPath: map[string]*alembic.Revision{}, atMB: map[string]bool{}, onBase: map[string]bool{}}
	cache := map[gitview.Hash]*alembic.Revision{}
	var err error
	if a.baseRevs, err = c.revisions(c.s.BaseTree, set, cache); err != nil {
		return nil, err
	}
	headRevs, err := c.revisions(c.s.HeadTree, set, cache)
	if err != nil {
		return nil, err
	}
	if a.mbFiles, err = c.revisionFiles(c.s.MergeBaseTree, set); err != nil {
		return nil, err
	}
	for _, p := range a.mbFiles {
		a.atMB[p] = true
	}
	for _, r := range headRevs {
		a.headByPath[r.Path] = r
	}
	for _, r := range a.baseRevs {
		a.onBase[r.Path] = true
	}
	a.heads = graphOf(a.baseRevs).Heads()
	return a, nil
}

// classify sorts the branch's changes to the set's revision files into
// added revisions, renames, and edits of merged ones. A file renamed with
// a new revision id is the deletion of the merged revision and the
// addition of a new one; an edit is judged by the SQL it runs. In a
// rebaseline the deletions are the rebaseline's, reported once.
func (a *alembicCheck) classify() error {
	for _, ch := range a.changes {
		inDir := func(p string) bool { return p != "" && a.set.Alembic.Holds(p) }
		if !inDir(ch.From) && !inDir(ch.To) {
			continue
		}
		if a.rebaseline && ch.Action == gitview.Deleted {
			continue
		}
		switch {
		case ch.Action == gitview.Added || !a.atMB[ch.From]:
			a.addRevision(ch)
		case ch.Action == gitview.Renamed && ch.FromBlob == ch.ToBlob:
			// Alembic reads ids, not file names: a pure rename changes nothing.
			a.res.Notes = append(a.res.Notes, fmt.Sprintf("%s was renamed to %s; Alembic identifies revisions by id, so nothing changes", ch.From, path.Base(ch.To)))
		case ch.Action == gitview.Renamed && a.newID(ch):
			if err := a.editedMerged(a.set, gitview.Change{Action: gitview.Deleted, From: ch.From, FromBlob: ch.FromBlob}, a.onBase); err != nil {
				return err
			}
			a.addRevision(gitview.Change{Action: gitview.Added, To: ch.To, ToBlob: ch.ToBlob})
		case ch.Action == gitview.Renamed:
			a.res.Notes = append(a.res.Notes, fmt.Sprintf("%s was renamed to %s (same revision id) and edited", ch.From, path.Base(ch.To)))
			if err := a.editedRevision(gitview.Change{Action: gitview.Modified, From: ch.From, To: ch.To, FromBlob: ch.FromBlob, ToBlob: ch.ToBlob}); err != nil {
				return err
			}
		case ch.Action == gitview.Modified:
			if err := a.editedRevision(ch); err != nil {
				return err
			}
		default:
			if err := a.editedMerged(a.set, ch, a.onBase); err != nil {
				return err
			}
		}
	}
	sort.Slice(a.added, func(i, j int) bool { return a.added[i].Path < a.added[j].Path })
	for _, r := range a.added {
		a.res.Added = append(a.res.Added, r.Path)
	}
	return nil
}

// newID reports whether a renamed revision file names another revision
// than it did at the merge-base.
func (a *alembicCheck) newID(ch gitview.Change) bool {
	before, err := a.repo.Blob(ch.FromBlob)
	if err != nil {
		return false
	}
	old, _ := alembic.ParseRevision(ch.From, before)
	r := a.headByPath[ch.To]
	return old != nil && r != nil && old.ID != r.ID
}

// editedRevision judges an edit of a merged revision by what it runs: an
// edit that leaves the translated SQL as it was (imports, comments,
// layout, variable names) is information; other edits are what
// editedMerged says.
func (a *alembicCheck) editedRevision(ch gitview.Change) error {
	if a.sameAsBase(ch) {
		return nil
	}
	before, err := a.repo.Blob(ch.FromBlob)
	if err != nil {
		return err
	}
	after, err := a.repo.Blob(ch.ToBlob)
	if err != nil {
		return err
	}
	if FormattingOnly(ch.To, before, after) {
		return a.editedMerged(a.set, ch, a.onBase)
	}
	eb, okb := a.set.Alembic.SQLEffect(before)
	ea, oka := a.set.Alembic.SQLEffect(after)
	if !okb || !oka || eb != ea {
		return a.editedMerged(a.set, ch, a.onBase)
	}
	a.res.Sources[ch.To] = string(after)
	sev := rules.Info
	if a.o.StrictFormatting {
		sev = rules.Error
	}
	where := a.base
	if !a.onBase[ch.From] {
		where = a.base + " when this branch forked"
	}
	a.finding(RuleReformat, ch.To, sev, fmt.Sprintf("this branch edits %s, a migration that is on %s, without changing the SQL its upgrade() runs (imports, comments or layout)", ch.To, where))
	return nil
}

// addRevision takes in a revision file the branch adds: a new revision,
// unless the base already has its id (the same file squash-merged or
// cherry-picked, or a duplicate).
func (a *alembicCheck) addRevision(ch gitview.Change) {
	r := a.headByPath[ch.To]
	if r == nil {
		return
	}
	b := a.baseRevs[r.ID]
	switch {
	case b == nil:
		a.added = append(a.added, r)
	case a.sameBlobOnBase(b.Path, ch.ToBlob):
		a.res.Notes = append(a.res.Notes, fmt.Sprintf("revision %s (%s) is already on %s (squash-merged or cherry-picked): not counted", r.ID, ch.To, a.base))
	default:
		a.findingAt(RuleDuplicate, r.Path, r.Line, fmt.Sprintf("revision id %s is already used on %s by %s; give this revision a new id", r.ID, a.base, b.Path))
	}
}

func (a *alembicCheck) sameBlobOnBase(p string, blob gitview.Hash) bool {
	id, ok, _ := a.repo.File(a.s.BaseTree, p)
	return ok && id == blob
}

// noteGained says which revisions the base gained since the fork, in
// the order Alembic applies them.
func (a *alembicCheck) noteGained() {
	mbIDs := map[string]bool{}
	for _, p := range a.mbFiles {
		if r := baseByPath(a.baseRevs, p); r != nil {
			mbIDs[r.ID] = true
		}
	}
	for _, r := range graphOf(a.baseRevs).Order() {
		if !mbIDs[r.ID] {
			a.gained = append(a.gained, r.ID)
		}
	}
	if len(a.gained) > 0 {
		a.res.Notes = append(a.res.Notes, fmt.Sprintf("%s gained %d revision(s) in %s since this branch forked at %s: %s",
			a.base, len(a.gained), a.set.Dir, gitview.Short(a.s.MergeBase), strings.Join(a.gained, ", ")))
	}
}

// checkCount reports, once, a branch that adds more revisions than
// allowed, at the first one past the limit. The branch that introduces
// the set (the base has none of its revisions) may add any number.
func (a *alembicCheck) checkCount() {
	if len(a.added) <= a.o.MaxPerSet {
		return
	}
	names := make([]string, len(a.added))
	for i, r := range a.added {
		names[i] = r.ID
	}
	if len(a.baseRevs) == 0 && len(a.mbFiles) == 0 {
		a.res.Notes = append(a.res.Notes, fmt.Sprintf("this branch introduces the migration set %s with %d revisions (%s): the limit of %d per branch applies once the base has the set",
			a.set.Dir, len(a.added), strings.Join(names, ", "), a.o.MaxPerSet))
		return
	}
	r := a.added[a.o.MaxPerSet]
	a.findingAt(RuleCount, r.Path, r.Line, fmt.Sprintf("this branch adds %d revisions to %s (at most %d per branch): %s; fold them into one",
		len(a.added), a.set.Dir, a.o.MaxPerSet, strings.Join(names, ", ")))
	a.repairFoldRevisions()
}

// checkParents checks that the added revisions sit on the base's single
// head, and that merging them leaves one head.
func (a *alembicCheck) checkParents() {
	if len(a.heads) > 1 {
		a.res.Notes = append(a.res.Notes, fmt.Sprintf("%s itself has %d heads in %s (%s): merge them there first", a.base, len(a.heads), a.set.Dir, strings.Join(a.heads, ", ")))
	}
	if a.checkStale() || len(a.heads) > 1 {
		return
	}
	merged := maps.Clone(a.baseRevs)
	for _, r := range a.added {
		merged[r.ID] = r
	}
	if after := graphOf(merged).Heads(); len(after) > 1 {
		r := a.added[len(a.added)-1]
		a.findingAt(RuleHeads, r.Path, r.DownLine, fmt.Sprintf("merging this branch into %s leaves %d heads in %s (%s); set down_revision = '%s'",
			a.base, len(after), a.set.Dir, strings.Join(after, ", "), strings.Join(a.heads, "', '")))
	}
}

// checkStale reports each down_revision of an added revision that names
// a base revision other than a head, and says whether there was one.
func (a *alembicCheck) checkStale() bool {
	addedIDs := map[string]bool{}
	for _, r := range a.added {
		addedIDs[r.ID] = true
	}
	stale := false
	want := strings.Join(a.heads, "', '")
	for _, r := range a.added {
		if len(r.Unknown) > 0 {
			continue // the reader reports what it could not read
		}
		for _, d := range r.Down {
			if addedIDs[d] || slices.Contains(a.heads, d) || a.baseRevs[d] == nil {
				continue
			}
			stale = true
			msg := fmt.Sprintf("revision %s has down_revision = '%s', but the head of %s is '%s'", r.ID, d, a.base, want)
			if len(a.gained) > 0 {
				msg = fmt.Sprintf("revision %s has down_revision = '%s', but %s gained %s since this branch forked", r.ID, d, a.base, strings.Join(a.heads, ", "))
			}
			a.findingAt(RuleStale, r.Path, r.DownLine, msg+fmt.Sprintf("; rebase on %s and set down_revision = '%s'", a.base, want))
			a.repairParent(r, d)
		}
	}
	return stale
}

func baseByPath(revs map[string]*alembic.Revision, p string) *alembic.Revision {
	for _, r := range revs {
		if r.Path == p {
			return r
		}
	}
	return nil
}
