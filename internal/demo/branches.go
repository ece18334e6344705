package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// The demo's feature branches, for `migguard branch` and `migguard models`:
//
//   - feature/loyalty forks from develop before develop gains its newest
//     migration, and adds two migrations: one more than a branch may add,
//     and the first now sorts before develop's newest (stale);
//   - feature/coupons changes a model (a new Order field) without a
//     migration, next to a comment-only edit that does not count;
//   - feature/reports adds an Alembic revision whose down_revision is the
//     head develop had when the branch forked, not its head now (stale);
//   - feature/refunds adds a NOT NULL column to a SQLAlchemy model without
//     a revision that adds it;
//   - feature/profiles adds a migration that drops a column the shop's Go
//     queries still read, for `migguard lint -head`.
//
//go:embed all:testdata/branches
var branches embed.FS

// Branches are the feature branches Build creates.
var Branches = []string{"feature/loyalty", "feature/coupons", "feature/reports", "feature/refunds", "feature/profiles"}

// laterOnDevelop are committed on develop after the branches forked.
var laterOnDevelop = []string{
	"db/migrations/20240610150000_drop_legacy_column.sql",
	"analytics/migrations/versions/7d3f2e5c8b32_index_events_by_user.py",
}

// commitWithBranches commits the demo repository in three steps: develop
// without its newest migrations, the feature branches from there, then
// develop's newest migrations; develop stays checked out. all is the
// repository as the working tree in dir already holds it (develop's last
// commit); the branches' files come from the embedded trees. The
// repository is written with go-git's object storage and index encoder,
// which link none of its transports.
func commitWithBranches(dir string, all map[string][]byte) error {
	g, err := initRepo(dir, "develop")
	if err != nil {
		return fmt.Errorf("git init: %w", err)
	}
	base := maps.Clone(all)
	for _, p := range laterOnDevelop {
		delete(base, p)
	}
	when := time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
	commit := func(files map[string][]byte, msg string, parents ...plumbing.Hash) (plumbing.Hash, error) {
		when = when.Add(24 * time.Hour)
		return g.commit(files, msg, when, parents...)
	}
	fork, err := commit(base, "Add the shop schema migrations and models")
	if err != nil {
		return err
	}
	messages := map[string]string{
		"feature/loyalty":  "Add loyalty points and tiers",
		"feature/coupons":  "Record the coupon of an order",
		"feature/reports":  "Add daily reports to analytics",
		"feature/refunds":  "Record refunded amounts on events",
		"feature/profiles": "Drop user names, kept by the profile service now",
	}
	for _, b := range Branches {
		sub, err := fs.Sub(branches, "testdata/branches/"+path.Base(b))
		if err != nil {
			return err
		}
		changed, err := readTree(sub)
		if err != nil {
			return err
		}
		files := maps.Clone(base)
		maps.Copy(files, changed)
		h, err := commit(files, messages[b], fork)
		if err != nil {
			return err
		}
		if err := g.st.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(b), h)); err != nil {
			return err
		}
	}
	head, err := commit(all, "Drop the legacy columns; index analytics events by user", fork)
	if err != nil {
		return err
	}
	if err := g.st.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("develop"), head)); err != nil {
		return err
	}
	return g.writeIndex(dir, all)
}

// readTree reads the files of root by slash-separated path.
func readTree(root fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		files[p] = data
		return err
	})
	return files, err
}

// writeTree writes the files (by slash-separated path) below dir.
func writeTree(dir string, files map[string][]byte) error {
	for p, data := range files {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
