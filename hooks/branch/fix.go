package branch

import (
	"fmt"
	"math/big"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
)

// Repair is what `migguard branch -fix` can do about a finding of Check:
// rename a numbered migration to a version after the base's newest, set
// an Alembic revision's down_revision to the base's head, or, for a
// branch that adds too many migrations, say how to fold them (which it
// never does itself).
type Repair struct {
	// Rule, Path and Line are those of the finding the repair answers.
	Rule string
	Path string
	Line int
	Set  *project.Set
	// Version is the migration's version; Newest the newest version on
	// the base; Taken the versions of the branch's migrations of the set.
	Version, Newest string
	Taken           []string
	// Parent is the stale down_revision of an Alembic revision, Head the
	// base's single head to set instead.
	Parent, Head string
	// Fold lists the branch's migrations of the set, in order, when it
	// adds more than allowed.
	Fold []string
}

// repairRename records that the numbered migration f can be renamed to a
// version after newest.
func (c *checker) repairRename(rule string, set *project.Set, f, newest *migrations.File, added []*migrations.File) {
	if newest == nil {
		return
	}
	r := Repair{Rule: rule, Path: f.Path, Line: 1, Set: set, Version: f.Version, Newest: newest.Version}
	for _, a := range added {
		if a != f {
			r.Taken = append(r.Taken, a.Version)
		}
	}
	c.res.Repairs = append(c.res.Repairs, r)
}

// repairFold records how the branch's migrations of a set fold into one.
func (c *checker) repairFold(set *project.Set, added []*migrations.File) {
	paths := make([]string, len(added))
	for i, f := range added {
		paths[i] = f.Path
	}
	ordered, _ := migrations.OrderNames(set.Format, set.Dir, paths)
	var fold []string
	for _, f := range ordered {
		fold = append(fold, f.Path)
	}
	c.res.Repairs = append(c.res.Repairs, Repair{Rule: RuleCount, Path: fold[len(fold)-1], Line: 1, Set: set, Fold: fold})
}

// repairFoldRevisions is repairFold for an Alembic set.
func (a *alembicCheck) repairFoldRevisions() {
	var fold []string
	for _, r := range graphOf(a.headByPath).Order() {
		for _, ad := range a.added {
			if ad.ID == r.ID {
				fold = append(fold, ad.Path)
			}
		}
	}
	if len(fold) == 0 {
		return
	}
	r := a.added[a.o.MaxPerSet]
	a.res.Repairs = append(a.res.Repairs, Repair{Rule: RuleCount, Path: r.Path, Line: r.Line, Set: a.set, Fold: fold})
}

// repairParent records that revision r's down_revision, now parent, can
// be set to the base's head.
func (a *alembicCheck) repairParent(r *alembic.Revision, parent string) {
	if len(a.heads) != 1 || len(r.Down) != 1 {
		return
	}
	line := r.DownLine
	if line < 1 {
		line = 1
	}
	a.res.Repairs = append(a.res.Repairs, Repair{Rule: RuleStale, Path: r.Path, Line: line, Set: a.set, Parent: parent, Head: a.heads[0]})
}

// Fixed is what Fix did.
type Fixed struct {
	// Changes say what was changed, one line each.
	Changes []string
	// Left say what was not, and what to do instead.
	Left []string
	// Repaired are the repairs made.
	Repaired []Repair
}

// Fix makes the repairs in the working tree whose top is root (the
// project root): a numbered migration is renamed with mv, its up and down
// files together (git mv: mv runs `git mv old new` from root), an Alembic
// revision's down_revision and the Revises: line of its docstring are
// rewritten. Folding migrations is only described. Nothing is committed.
func Fix(root string, repairs []Repair, mv func(from, to string) error, now time.Time) Fixed {
	var out Fixed
	taken := map[string]bool{}
	for _, r := range repairs {
		var change string
		var err error
		switch {
		case len(r.Fold) > 0:
			out.Left = append(out.Left, foldAdvice(r))
			continue
		case r.Head != "":
			change, err = setParent(root, r)
		default:
			change, err = renameMigration(root, r, mv, now, taken)
		}
		if err != nil {
			out.Left = append(out.Left, fmt.Sprintf("%s: %v", r.Path, err))
			continue
		}
		out.Changes = append(out.Changes, change)
		out.Repaired = append(out.Repaired, r)
	}
	return out
}

// renameMigration renames a numbered migration (its up and down files,
// or its directory) to the next free version after the base's newest.
func renameMigration(root string, r Repair, mv func(from, to string) error, now time.Time, taken map[string]bool) (string, error) {
	for _, v := range r.Taken {
		taken[v] = true
	}
	nv, err := nextVersion(r.Set.Format, r.Version, r.Newest, taken, now)
	if err != nil {
		return "", err
	}
	units, err := migrationUnits(root, r)
	if err != nil {
		return "", err
	}
	var done []string
	for _, u := range units {
		base := path.Base(u)
		i := strings.Index(base, r.Version)
		if i < 0 || i > 1 {
			return "", fmt.Errorf("the version %s is not where migguard expects it in %s: rename it by hand", r.Version, base)
		}
		to := path.Join(path.Dir(u), base[:i]+nv+base[i+len(r.Version):])
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(to))); err == nil {
			return "", fmt.Errorf("%s exists already", to)
		}
		if err := mv(u, to); err != nil {
			return "", err
		}
		done = append(done, u+" → "+path.Base(to))
	}
	taken[nv] = true
	return fmt.Sprintf("renamed %s (git mv): version %s, after %s, the newest on the base", strings.Join(done, ", "), nv, r.Newest), nil
}

// migrationUnits returns what makes up a migration on disk, relative to
// root: its directory for formats with a directory per migration (diesel,
// Prisma), else its file and, for golang-migrate and Flyway, the down or
// undo file of the same version and name, and for pop every file of the
// version and name: up and down, for each database.
func migrationUnits(root string, r Repair) ([]string, error) {
	dir, base := path.Dir(r.Path), path.Base(r.Path)
	switch r.Set.Format {
	case migrations.Diesel, migrations.Prisma:
		return []string{dir}, nil
	}
	if r.Set.Format == migrations.Pop {
		return popUnits(root, dir, base)
	}
	units := []string{r.Path}
	var sibling string
	switch r.Set.Format {
	case migrations.GolangMigrate:
		sibling = strings.Replace(base, ".up.", ".down.", 1)
	case migrations.Flyway:
		if strings.HasPrefix(base, "V") {
			sibling = "U" + base[1:]
		}
	}
	if sibling != "" && sibling != base {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(path.Join(dir, sibling)))); err == nil {
			units = append(units, path.Join(dir, sibling))
		}
	}
	return units, nil
}

var digitsRx = lazyre.New(`^[0-9]+$`)

// nextVersion returns the version a stale migration gets: for a
// timestamp of 14 digits, now when that sorts after newest; else newest
// plus one, as wide as the wider of the two, skipping taken versions.
func nextVersion(format migrations.Format, v, newest string, taken map[string]bool, now time.Time) (string, error) {
	if !digitsRx.MatchString(v) || !digitsRx.MatchString(newest) {
		return "", fmt.Errorf("version %s is not a plain number: rename it by hand to a version after %s", v, newest)
	}
	if len(v) == 14 {
		if ts := now.UTC().Format("20060102150405"); migrations.CompareVersions(format, ts, newest) > 0 && !taken[ts] {
			return ts, nil
		}
	}
	n, _ := new(big.Int).SetString(newest, 10)
	width := max(len(v), len(newest))
	for {
		n.Add(n, big.NewInt(1))
		s := fmt.Sprintf("%0*s", width, n.String())
		if !taken[s] {
			return s, nil
		}
	}
}

var (
	downAssignRx = lazyre.New(`^(down_revision\s*(?::[^=]*)?=\s*)(['"])([^'"\\]*)(['"])(\s*(?:#.*)?)$`)
	revisesRx    = lazyre.New(`^(Revises:\s*)(\S.*?)?(\s*)$`)
)

// setParent sets an Alembic revision's down_revision to the base's head,
// and the Revises: line of its docstring when it names the old parent.
func setParent(root string, r Repair) (string, error) {
	full := filepath.Join(root, filepath.FromSlash(r.Path))
	data, err := os.ReadFile(full)
	if err != nil {
		return "", err
	}
	lines := strings.SplitAfter(string(data), "\n")
	i := r.Line - 1
	if i < 0 || i >= len(lines) {
		return "", fmt.Errorf("no down_revision on line %d", r.Line)
	}
	body, end := splitEOL(lines[i])
	m := downAssignRx.FindStringSubmatch(body)
	if m == nil || m[3] != r.Parent || m[2] != m[4] {
		return "", fmt.Errorf("down_revision on line %d is not one string naming %s: set it to '%s' by hand", r.Line, r.Parent, r.Head)
	}
	lines[i] = m[1] + m[2] + r.Head + m[4] + m[5] + end
	docs := ""
	for j := 0; j < i; j++ {
		b, e := splitEOL(lines[j])
		if dm := revisesRx.FindStringSubmatch(b); dm != nil && strings.TrimSpace(dm[2]) == r.Parent {
			lines[j] = dm[1] + r.Head + dm[3] + e
			docs = " and Revises: in its docstring"
			break
		}
	}
	if err := replaceFile(full, []byte(strings.Join(lines, ""))); err != nil {
		return "", err
	}
	return fmt.Sprintf("set down_revision of %s to '%s' (was '%s')%s", r.Path, r.Head, r.Parent, docs), nil
}

// splitEOL splits a line from its line end.
func splitEOL(line string) (string, string) {
	body := strings.TrimRight(line, "\r\n")
	return body, line[len(body):]
}

// replaceFile writes data in place of the file at p by renaming a new file
// over it, keeping its mode: a symbolic link is refused, never written
// through.
func replaceFile(p string, data []byte) error {
	st, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link: not written through", p)
	}
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, st.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// foldAdvice says how to fold the branch's migrations of a set into the
// first of them; migguard never folds them itself.
func foldAdvice(r Repair) string {
	first, rest := r.Fold[0], r.Fold[1:]
	head := fmt.Sprintf("this branch adds %d migrations to %s; to fold them into %s", len(r.Fold), r.Set.Dir, first)
	switch r.Set.Format {
	case migrations.Alembic:
		return fmt.Sprintf("%s: move the op.* calls of upgrade() in %s to the end of its upgrade(), and those of downgrade() to the start of its downgrade(), then git rm %s",
			head, strings.Join(rest, ", "), strings.Join(rest, " "))
	case migrations.GolangMigrate, migrations.Pop:
		var cmds []string
		firstDown := strings.Replace(first, ".up.", ".down.", 1)
		for _, p := range rest {
			down := strings.Replace(p, ".up.", ".down.", 1)
			cmds = append(cmds, fmt.Sprintf("cat %s >> %s && git rm -q %s", p, first, p),
				fmt.Sprintf("{ cat %s %s > %s.tmp && mv %s.tmp %s && git rm -q %s; }", down, firstDown, firstDown, firstDown, firstDown, down))
		}
		return head + ", run: " + strings.Join(cmds, " && ")
	case migrations.Plain, migrations.Flyway, migrations.Atlas, migrations.Prisma:
		var cmds []string
		for _, p := range rest {
			cmds = append(cmds, fmt.Sprintf("cat %s >> %s && git rm -q %s", p, first, p))
		}
		advice := head + ", run: " + strings.Join(cmds, " && ")
		if r.Set.Format == migrations.Atlas {
			advice += " && atlas migrate hash"
		}
		return advice
	}
	return fmt.Sprintf("%s: move the statements of the up part of %s to the end of its up part, and those of their down parts to the start of its down part, then git rm %s",
		head, strings.Join(rest, ", "), strings.Join(rest, " "))
}

// popUnits returns the files of the pop migration whose up file is base in
// dir: those named <version>_<name>.… as it is, for every database and
// direction.
func popUnits(root, dir, base string) ([]string, error) {
	version, name, ok := migrations.PopMigration(base)
	if !ok {
		return []string{path.Join(dir, base)}, nil
	}
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if err != nil {
		return nil, err
	}
	var units []string
	for _, e := range entries {
		if v, n, ok := migrations.PopMigration(e.Name()); ok && v == version && n == name {
			units = append(units, path.Join(dir, e.Name()))
		}
	}
	return units, nil
}
