package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
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
// without its newest migration, the feature branches from there, then
// develop's newest migration; develop stays checked out.
func commitWithBranches(dir string) error {
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("develop")},
	})
	if err != nil {
		return fmt.Errorf("git init: %w", err)
	}
	wt, err := r.Worktree()
	if err != nil {
		return err
	}
	when := time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
	commit := func(msg string) (plumbing.Hash, error) {
		when = when.Add(24 * time.Hour)
		sig := &object.Signature{Name: "migguard demo", Email: "demo@migguard.invalid", When: when}
		return wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	}
	newest := map[string][]byte{}
	for _, p := range laterOnDevelop {
		later := filepath.Join(dir, filepath.FromSlash(p))
		data, err := os.ReadFile(later)
		if err != nil {
			return err
		}
		if err := os.Remove(later); err != nil {
			return err
		}
		newest[p] = data
	}
	if err := wt.AddGlob("."); err != nil {
		return fmt.Errorf("git add: %w", err)
	}
	fork, err := commit("Add the shop schema migrations and models")
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
		ref := plumbing.NewBranchReferenceName(b)
		if err := wt.Checkout(&git.CheckoutOptions{Hash: fork, Branch: ref, Create: true}); err != nil {
			return fmt.Errorf("git checkout -b %s: %w", b, err)
		}
		sub, err := fs.Sub(branches, "testdata/branches/"+filepath.Base(b))
		if err != nil {
			return err
		}
		if err := copyTree(sub, dir); err != nil {
			return err
		}
		if err := wt.AddGlob("."); err != nil {
			return err
		}
		if _, err := commit(messages[b]); err != nil {
			return err
		}
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("develop"), Force: true}); err != nil {
		return fmt.Errorf("git checkout develop: %w", err)
	}
	for _, p := range laterOnDevelop {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), newest[p], 0o644); err != nil {
			return err
		}
		if _, err := wt.Add(p); err != nil {
			return err
		}
	}
	_, err = commit("Drop the legacy columns; index analytics events by user")
	return err
}

func copyTree(root fs.FS, dir string) error {
	return fs.WalkDir(root, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(root, path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
