// Package hooks holds migguard's git-side checks, one package per check,
// each a plain function over a gitview.Repo and the configuration:
// branch (one migration per branch, on top of the base, merged migrations
// untouched) and models (model changes need a migration). Package scope
// works out the range they look at.
//
// The checks run as `migguard branch` and `migguard models`, as the hooks
// of .pre-commit-hooks.yaml, and as the native git hooks that
// `migguard hooks install` writes.
package hooks
