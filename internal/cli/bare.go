package cli

import (
	"fmt"

	"github.com/migguard/migguard/hooks/scope"
	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/gitview"
	"github.com/migguard/migguard/internal/project"
)

// bareProject returns the project that a target is judged by in a bare
// repository (a server's, or a mirror in CI), which has no working tree
// and so no .migguard.yaml on disk: unless one was found or named with
// -config, the configuration is the one the judged commit holds at its top
// (the defaults when it holds none), as a checkout of that commit would
// have it. Elsewhere it returns p.
func bareProject(repo *gitview.Git, p *project.Project, target scope.Options) (*project.Project, error) {
	if !repo.Bare() || p.Config.Path != "" || target.Staged {
		return p, nil
	}
	rev := target.Head
	if rev == "" {
		rev = "HEAD"
	}
	c, err := repo.Resolve(rev)
	if err != nil {
		return nil, err
	}
	tree, err := repo.CommitTree(c)
	if err != nil {
		return nil, err
	}
	id, ok, err := repo.File(tree, config.FileName)
	if err != nil || !ok {
		return p, err
	}
	data, err := repo.Blob(id)
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", rev, config.FileName, err)
	}
	cfg, err := config.Parse(rev+":"+config.FileName, data)
	if err != nil {
		return nil, fmt.Errorf("invalid configuration: %w", err)
	}
	return project.New(p.FS, p.Root, cfg), nil
}

// projectFor returns the project and the target to judge t by: in a bare
// repository, the configuration of the judged commit (bareProject), and
// the base branches that it names unless -base did.
func projectFor(e *env, repo *gitview.Git, p *project.Project, flagBase string, t target) (*project.Project, target, error) {
	q, err := bareProject(repo, p, t.opts)
	if err != nil || q == p {
		return q, t, err
	}
	t.opts.Bases = basesFor(e, q.Config, flagBase)
	return q, t, nil
}
