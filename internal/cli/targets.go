package cli

import (
	"bufio"
	"flag"
	"strings"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
)

// gitFlags are the flags that make lint, branch and models judge a tree
// that git holds instead of the working tree.
type gitFlags struct {
	staged  bool
	prePush bool
	head    string
	base    string
}

func (g *gitFlags) register(fs *flag.FlagSet, headDoc string) {
	fs.BoolVar(&g.staged, "staged", false, "judge the staged index: what the commit being made records (honours GIT_INDEX_FILE); the default inside pre-commit")
	fs.BoolVar(&g.prePush, "pre-push", false, "judge each ref that a native git pre-push hook reads from stdin, as the pushed commit holds it")
	fs.StringVar(&g.head, "head", "", headDoc)
	fs.StringVar(&g.base, "base", "", "base `branch`, or a commit when no branch has the name (default: base_branch of the configuration, else $GITHUB_BASE_REF, develop, main, master)")
}

// target is one tree to judge.
type target struct {
	label string // a pushed ref, for messages; "" otherwise
	opts  scope.Options
}

// gitTargets decides, in one place for every command, which trees git
// holds are judged:
//
//  1. -pre-push: each ref a native pre-push hook reads from stdin (a
//     deletion is skipped);
//  2. -head REV: that commit;
//  3. -staged: the index;
//  4. inside the pre-commit framework (PRE_COMMIT, which every pre-commit
//     run sets, --all-files included), unless the command reads stdin: the
//     pushed commit at the pre-push stage (PRE_COMMIT_TO_REF), else the
//     index. The file names pre-commit passes, if any, say which files of
//     that tree lint reports on;
//  5. otherwise, with orHEAD, HEAD (branch and models); without it no tree
//     at all (lint reads the working tree), and ok is false.
//
// Pushing the base branch itself is judged against origin's copy of it.
func gitTargets(e *env, cfg *config.Config, g gitFlags, readsStdin, orHEAD bool) (targets []target, ok bool, err error) {
	bases := basesFor(e, cfg, g.base)
	inPreCommit := (e.getenv("PRE_COMMIT") != "" || e.getenv("PRE_COMMIT_TO_REF") != "") && !readsStdin
	switch {
	case g.prePush:
		sc := bufio.NewScanner(e.stdin)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 4 || strings.Trim(f[1], "0") == "" {
				continue // a deletion, or not a ref line
			}
			targets = append(targets, target{label: f[0], opts: scope.Options{Head: f[1], Bases: pushBases(bases, f[0])}})
		}
		return targets, true, sc.Err()
	case g.head != "":
		return []target{{opts: scope.Options{Head: g.head, Bases: bases}}}, true, nil
	case g.staged:
		return []target{{opts: scope.Options{Staged: true, Bases: bases}}}, true, nil
	case inPreCommit && e.getenv("PRE_COMMIT_TO_REF") != "":
		local := e.getenv("PRE_COMMIT_LOCAL_BRANCH")
		return []target{{label: local, opts: scope.Options{Head: e.getenv("PRE_COMMIT_TO_REF"), Bases: pushBases(bases, local)}}}, true, nil
	case inPreCommit:
		return []target{{opts: scope.Options{Staged: true, Bases: bases}}}, true, nil
	case orHEAD:
		return []target{{opts: scope.Options{Bases: bases}}}, true, nil
	}
	return nil, false, nil
}

// basesFor returns the base branches to try.
func basesFor(e *env, cfg *config.Config, flagBase string) []string {
	switch {
	case flagBase != "":
		return []string{flagBase}
	case cfg.BaseBranch != "":
		return []string{cfg.BaseBranch}
	}
	var out []string
	if gh := e.getenv("GITHUB_BASE_REF"); gh != "" {
		out = append(out, gh)
	}
	return append(out, scope.DefaultBases...)
}

// pushBases: pushing the base branch itself is checked against origin's
// copy of it, which is what the push changes.
func pushBases(bases []string, localRef string) []string {
	name := strings.TrimPrefix(localRef, "refs/heads/")
	for _, b := range bases {
		if b == name {
			return []string{"origin/" + name}
		}
	}
	return bases
}
