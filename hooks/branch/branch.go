// Package branch is the branch-discipline check of `migguard branch` and
// the migguard-branch hook: against the base branch, a branch adds at
// most one migration per set, that migration sits on top of the base's
// newest one (numbered formats: its version sorts after every version on
// the base, without duplicates; Alembic: its down_revision is the base's
// single head, so a merge leaves one head), and migrations that are
// already on the base are neither edited, renamed nor deleted. Edits that
// only change layout (a formatter run) are reported as information.
//
// Check is a plain function over a gitview.Repo and a scope.Scope; it
// never reads the working tree, so it judges the staged index at
// pre-commit time and the pushed commit at pre-push time.
package branch

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// Options configure Check.
type Options struct {
	// Project is the project of the working tree: its root and its
	// configuration (configured sets, ignores). The sets checked are those
	// that hold a changed file, found at each tree as the project finds
	// them (project.SetsContaining).
	Project *project.Project
	// Prefix is the project root relative to the repository's top, with a
	// trailing slash; "" when they are the same. Changes outside the root
	// are not checked.
	Prefix string
	// MaxPerSet is the number of migrations a branch may add to one set;
	// 0 means 1.
	MaxPerSet int
	// StrictFormatting makes formatting-only edits of merged migrations
	// errors too.
	StrictFormatting bool
	// AllowRebaseline accepts a branch that replaces an Alembic set's
	// history with a new base revision (a note instead of an error).
	AllowRebaseline bool
}

// Result is the verdict.
type Result struct {
	Findings []rules.Finding
	// Notes say what was checked and what the base did meanwhile.
	Notes []string
	// Added are the migrations the branch adds, in all sets.
	Added []string
	// Sets are the directories checked.
	Sets []string
	// Sources holds the texts of the files findings point into.
	Sources map[string]string
	// Repairs are what `migguard branch -fix` can do about the findings
	// (see Fix).
	Repairs []Repair
}

// The rule ids of the findings; their documentation is in the rule
// catalogue (internal/rules).
const (
	RuleCount      = "branch-migration-count"
	RuleStale      = "branch-stale-migration"
	RuleDuplicate  = "branch-duplicate-version"
	RuleEditMerged = "branch-edits-merged-migration"
	RuleReformat   = "branch-reformats-merged-migration"
	RuleHeads      = "branch-multiple-heads"
	RuleRebaseline = "branch-rebaseline"
)

// checker holds one run of Check. Its paths are relative to the project
// root: repo reads the trees below it, and changes are the scope's
// changes below it.
type checker struct {
	repo    rooted
	s       *scope.Scope
	changes []gitview.Change
	o       Options
	res     *Result
	base    string // the base's name, for messages
}

// Check runs the branch check over the scope.
func Check(repo gitview.Repo, s *scope.Scope, o Options) (*Result, error) {
	if o.MaxPerSet <= 0 {
		o.MaxPerSet = 1
	}
	if o.Project == nil {
		o.Project = project.New(nil, "", nil)
	}
	c := &checker{repo: rooted{repo, o.Prefix}, s: s, o: o, res: &Result{Sources: map[string]string{}}, base: s.Base.Name}
	if s.Initial {
		return c.res, nil
	}
	for _, ch := range s.Changes {
		if ch, ok := c.repo.change(ch); ok && !o.Project.Config.Ignored(ch.Path()) {
			c.changes = append(c.changes, ch)
		}
	}
	sets, err := c.sets()
	if err != nil {
		return nil, err
	}
	for _, set := range sets {
		c.res.Sets = append(c.res.Sets, set.Dir)
		var err error
		if set.Alembic != nil {
			err = c.checkAlembic(set)
		} else {
			err = c.checkNumbered(set)
		}
		if err != nil {
			return nil, err
		}
	}
	rules.SortFindings(c.res.Findings)
	return c.res, nil
}

// sets returns the sets that hold a changed file, found in the head tree
// and, for files the branch deletes, in the merge-base tree.
func (c *checker) sets() ([]*project.Set, error) {
	var to, from []string
	for _, ch := range c.changes {
		if ch.To != "" {
			to = append(to, ch.To)
		}
		if ch.From != "" {
			from = append(from, ch.From)
		}
	}
	if len(to)+len(from) == 0 {
		return nil, nil
	}
	head, err := c.setsAt(c.s.HeadTree, append(to, from...))
	if err != nil {
		return nil, err
	}
	if len(from) == 0 {
		return head, nil
	}
	gone, err := c.setsAt(c.s.MergeBaseTree, from)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, s := range head {
		seen[s.Dir] = true
	}
	for _, s := range gone {
		if !seen[s.Dir] {
			head = append(head, s)
		}
	}
	sort.Slice(head, func(i, j int) bool { return head[i].Dir < head[j].Dir })
	return head, nil
}

// setsAt returns the sets of a tree that hold one of the files. A
// configured set that the tree does not have is no error: the branch may
// be the one that adds it.
func (c *checker) setsAt(tree gitview.Hash, files []string) ([]*project.Set, error) {
	fsys, err := gitview.TreeFS(c.repo.Repo, tree, c.repo.prefix, c.o.Project.Root)
	if err != nil {
		return nil, err
	}
	sets, errs := c.o.Project.At(fsys).SetsContaining(files)
	for _, err := range errs {
		var ce *config.Error
		if !errors.As(err, &ce) {
			return nil, err
		}
	}
	return sets, nil
}

// filesAt lists the set's migrations in a tree.
func (c *checker) filesAt(tree gitview.Hash, set *project.Set) (ups, downs []*migrations.File, err error) {
	paths, err := c.repo.List(tree, set.Dir)
	if err != nil {
		return nil, nil, err
	}
	ups, downs = migrations.OrderNames(set.Format, set.Dir, paths)
	return ups, downs, nil
}

func byPath(files ...[]*migrations.File) map[string]*migrations.File {
	n := 0
	for _, fs := range files {
		n += len(fs)
	}
	m := make(map[string]*migrations.File, n)
	for _, fs := range files {
		for _, f := range fs {
			m[f.Path] = f
		}
	}
	return m
}

func (c *checker) finding(rule, p string, sev rules.Severity, msg string) {
	if sev == 0 {
		sev = rules.Lookup(rule).Severity
	}
	c.res.Findings = append(c.res.Findings, rules.Finding{
		Rule: rule, Severity: sev, Path: p, Pos: pgparse.Pos{Line: 1, Col: 1}, End: pgparse.Pos{Line: 1, Col: 1},
		Message: msg, Help: rules.Lookup(rule).Help,
	})
}

// numberedCheck is the check of one set of a format ordered by name.
// Whether a path is a migration, and its version, depend on its name
// alone: the merge-base's and the head's files are read as migrations only
// for the paths the branch changes, and whether a base migration was there
// at the merge-base, or a changed one is on the base, is a look-up in the
// trees' sorted listings.
type numberedCheck struct {
	*checker
	set        *project.Set
	baseUps    []*migrations.File // the base tip's migrations, in order
	mbPaths    []string           // the files of the set's directory at the merge-base, sorted
	atMB       map[string]*migrations.File
	onBase     map[string]bool
	headMember map[string]*migrations.File
	added      []*migrations.File
}

func (c *checker) checkNumbered(set *project.Set) error {
	n, err := c.loadNumbered(set)
	if err != nil {
		return err
	}
	if err := n.classify(); err != nil {
		return err
	}
	for _, f := range n.added {
		c.res.Added = append(c.res.Added, f.Path)
	}
	c.noteBaseMoved(set, n.inMB, n.baseUps)
	n.checkCount()
	c.checkOrder(set, n.added, n.baseUps, n.inMB)
	return nil
}

// loadNumbered lists the set in the base tip and at the merge-base, and
// reads the changed paths' names.
func (c *checker) loadNumbered(set *project.Set) (*numberedCheck, error) {
	n := &numberedCheck{checker: c, set: set, onBase: map[string]bool{}}
	var err error
	if n.baseUps, _, err = c.filesAt(c.s.BaseTree, set); err != nil {
		return nil, err
	}
	basePaths, err := c.repo.List(c.s.BaseTree, set.Dir)
	if err != nil {
		return nil, err
	}
	if n.mbPaths, err = c.repo.List(c.s.MergeBaseTree, set.Dir); err != nil {
		return nil, err
	}
	var changedFrom, changedTo []string
	for _, ch := range c.changes {
		if ch.From != "" {
			changedFrom = append(changedFrom, ch.From)
		}
		if ch.To != "" {
			changedTo = append(changedTo, ch.To)
		}
	}
	mbUps, mbDowns := migrations.OrderNames(set.Format, set.Dir, changedFrom)
	n.atMB = byPath(mbUps, mbDowns)
	for _, p := range changedFrom {
		if sortedHas(basePaths, p) {
			n.onBase[p] = true
		}
	}
	headUps, _ := migrations.OrderNames(set.Format, set.Dir, changedTo)
	n.headMember = byPath(headUps)
	return n, nil
}

func sortedHas(paths []string, p string) bool {
	i := sort.SearchStrings(paths, p)
	return i < len(paths) && paths[i] == p
}

// inMB reports whether the merge-base has a file.
func (n *numberedCheck) inMB(p string) bool { return sortedHas(n.mbPaths, p) }

func (n *numberedCheck) isMember(p string) bool { return n.set.IsMigration(p) }

func (n *numberedCheck) inSet(p string) bool { return p != "" && n.set.Holds(p) }

// classify sorts the branch's changes to the set into added migrations
// and changes to merged ones.
func (n *numberedCheck) classify() error {
	for _, ch := range n.changes {
		if !n.inSet(ch.From) && !n.inSet(ch.To) {
			continue
		}
		var err error
		switch ch.Action {
		case gitview.Added:
			err = n.addFile(ch)
		case gitview.Modified, gitview.Deleted, gitview.Renamed:
			err = n.changeFile(ch)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// addFile takes in a file the branch adds: a new migration, unless the
// base has it with the same content.
func (n *numberedCheck) addFile(ch gitview.Change) error {
	if !n.isMember(ch.To) {
		return nil
	}
	if same, err := n.sameOnBase(ch.To, ch.ToBlob); err != nil || same {
		if same {
			n.res.Notes = append(n.res.Notes, fmt.Sprintf("%s is already on %s with the same content (squash-merged or cherry-picked): not counted", ch.To, n.base))
		}
		return err
	}
	if f := n.headMember[ch.To]; f != nil {
		n.added = append(n.added, f)
		if src, err := n.repo.Blob(ch.ToBlob); err == nil {
			n.res.Sources[ch.To] = string(src)
		}
	}
	return nil
}

// changeFile judges an edit, rename or deletion.
func (n *numberedCheck) changeFile(ch gitview.Change) error {
	renamedTo := n.headMember[ch.To]
	if ch.Action != gitview.Renamed || !n.isMember(ch.To) || !n.inSet(ch.To) {
		renamedTo = nil
	}
	if !n.isMember(ch.From) || n.atMB[ch.From] == nil {
		// Not a migration the base had when the branch forked: a file the
		// branch is still shaping, or a rename of one.
		if renamedTo != nil {
			n.added = append(n.added, renamedTo)
		}
		return nil
	}
	if err := n.editedMerged(n.set, ch, n.onBase); err != nil {
		return err
	}
	if renamedTo != nil && !n.sameAsBase(ch) && !migrations.SameVersion(n.set.Format, n.atMB[ch.From], renamedTo) {
		// A merged migration renamed to a new version is also a new
		// migration to the tool.
		n.added = append(n.added, renamedTo)
	}
	return nil
}

// checkCount reports each migration past the allowed number.
func (n *numberedCheck) checkCount() {
	if len(n.added) <= n.o.MaxPerSet {
		return
	}
	names := make([]string, len(n.added))
	for i, f := range n.added {
		names[i] = migrations.MigrationName(n.set.Format, f.Path)
	}
	for _, f := range n.added[n.o.MaxPerSet:] {
		n.finding(RuleCount, f.Path, 0, fmt.Sprintf("this branch adds %d migrations to %s (at most %d per branch): %s; fold them into one",
			len(n.added), n.set.Dir, n.o.MaxPerSet, strings.Join(names, ", ")))
	}
	n.repairFold(n.set, n.added)
}

// sameOnBase reports whether the base tip has the file with this content.
func (c *checker) sameOnBase(p string, blob gitview.Hash) (bool, error) {
	id, ok, err := c.repo.File(c.s.BaseTree, p)
	return ok && id == blob, err
}

// sameAsBase reports whether the change is one the base tip already
// has: the base made the same edit, rename or deletion.
func (c *checker) sameAsBase(ch gitview.Change) bool {
	fromID, fromOK, _ := c.repo.File(c.s.BaseTree, ch.From)
	switch ch.Action {
	case gitview.Deleted:
		return !fromOK
	case gitview.Renamed:
		toID, toOK, _ := c.repo.File(c.s.BaseTree, ch.To)
		return !fromOK && toOK && toID == ch.ToBlob
	default:
		return fromOK && fromID == ch.ToBlob
	}
}

// editedMerged reports an edit, rename or deletion of a migration that
// the base had when the branch forked.
func (c *checker) editedMerged(set *project.Set, ch gitview.Change, onBase map[string]bool) error {
	if c.sameAsBase(ch) {
		return nil
	}
	where := c.base
	if !onBase[ch.From] {
		where = c.base + " when this branch forked"
	}
	switch ch.Action {
	case gitview.Deleted:
		c.finding(RuleEditMerged, ch.From, 0, fmt.Sprintf("this branch deletes %s, a migration that is on %s; databases keep what it did", ch.From, where))
	case gitview.Renamed:
		c.finding(RuleEditMerged, ch.To, 0, fmt.Sprintf("this branch renames %s, a migration that is on %s, to %s; the tool takes the new name for a new migration", ch.From, where, path.Base(ch.To)))
	case gitview.Modified:
		before, err := c.repo.Blob(ch.FromBlob)
		if err != nil {
			return err
		}
		after, err := c.repo.Blob(ch.ToBlob)
		if err != nil {
			return err
		}
		c.res.Sources[ch.To] = string(after)
		if FormattingOnly(ch.To, before, after) {
			sev := rules.Info
			if c.o.StrictFormatting {
				sev = rules.Error
			}
			c.finding(RuleReformat, ch.To, sev, fmt.Sprintf("this branch reformats %s, a migration that is on %s (whitespace, comments or quoting only)", ch.To, where))
			return nil
		}
		c.finding(RuleEditMerged, ch.To, 0, fmt.Sprintf("this branch edits %s, a migration that is on %s; databases that ran it will not run the change", ch.To, where))
	}
	return nil
}

// noteBaseMoved says which migrations the base gained since the fork;
// inMB reports whether the merge-base has a file.
func (c *checker) noteBaseMoved(set *project.Set, inMB func(string) bool, baseUps []*migrations.File) {
	var gained []string
	for _, f := range baseUps {
		if !inMB(f.Path) {
			gained = append(gained, migrations.MigrationName(set.Format, f.Path))
		}
	}
	if len(gained) > 0 {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("%s gained %d migration(s) in %s since this branch forked at %s: %s",
			c.base, len(gained), set.Dir, gitview.Short(c.s.MergeBase), strings.Join(gained, ", ")))
	}
}

// checkOrder checks that every added migration sorts after every
// migration on the base, with a version of its own; inMB reports whether
// the merge-base has a file.
func (c *checker) checkOrder(set *project.Set, added, baseUps []*migrations.File, inMB func(string) bool) {
	if len(added) == 0 {
		return
	}
	var versioned []*migrations.File
	for _, f := range baseUps {
		if !f.Repeatable && f.Version != "" {
			versioned = append(versioned, f)
		}
	}
	var newest *migrations.File
	if len(versioned) > 0 {
		newest = versioned[len(versioned)-1]
	}
	for i, f := range added {
		if f.Repeatable {
			continue
		}
		if f.Version == "" && set.Format != migrations.Plain {
			continue
		}
		dup := false
		for _, b := range versioned {
			if !migrations.SameVersion(set.Format, b, f) {
				continue
			}
			// The base's file of the same path has other content: a file
			// with the same content was not counted as added.
			by := "by " + migrations.MigrationName(set.Format, b.Path)
			if b.Path == f.Path {
				by = "by a file of the same name with other content"
			}
			c.finding(RuleDuplicate, f.Path, 0, fmt.Sprintf("version %s of %s is already used on %s %s; rename it to a version after %s",
				f.Version, migrations.MigrationName(set.Format, f.Path), c.base, by, newestName(set.Format, newest)))
			c.repairRename(RuleDuplicate, set, f, newest, added)
			dup = true
			break
		}
		for _, other := range added[:i] {
			if !dup && migrations.SameVersion(set.Format, other, f) {
				c.finding(RuleDuplicate, f.Path, 0, fmt.Sprintf("version %s of %s is also used by %s on this branch", f.Version, migrations.MigrationName(set.Format, f.Path), migrations.MigrationName(set.Format, other.Path)))
				dup = true
			}
		}
		if dup || newest == nil || set.Format == migrations.Sqitch {
			// Sqitch orders changes by its plan, not by their names: two
			// branches that add changes both append to sqitch.plan, which
			// git reports as a conflict.
			continue
		}
		ordered, _ := migrations.OrderNames(set.Format, set.Dir, []string{newest.Path, f.Path})
		if len(ordered) == 2 && ordered[1].Path == f.Path {
			continue
		}
		gained := ""
		if !inMB(newest.Path) {
			gained = fmt.Sprintf(" %s gained %s after this branch forked at %s.", c.base, migrations.MigrationName(set.Format, newest.Path), gitview.Short(c.s.MergeBase))
		}
		c.finding(RuleStale, f.Path, 0, fmt.Sprintf("%s sorts before %s, the newest migration on %s, so it would run out of order or be skipped.%s Rebase on %s and rename it to a version after %s%s",
			migrations.MigrationName(set.Format, f.Path), migrations.MigrationName(set.Format, newest.Path), c.base, gained, c.base, newest.Version, suggest(newest.Version)))
		c.repairRename(RuleStale, set, f, newest, added)
	}
}

func newestName(format migrations.Format, f *migrations.File) string {
	if f == nil {
		return "the newest"
	}
	return migrations.MigrationName(format, f.Path)
}

// suggest proposes the next version after v for short sequence numbers.
func suggest(v string) string {
	if v == "" || len(v) > 6 || strings.Trim(v, "0123456789") != "" {
		return ""
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return ""
	}
	return fmt.Sprintf(" (%0*d)", len(v), n+1)
}
