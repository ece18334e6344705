package cli

import (
	"flag"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/config"
)

// alembicOffline are lint's flags for linting Alembic revisions as Alembic
// itself renders them.
type alembicOffline struct {
	on      bool
	timeout time.Duration
}

func (a *alembicOffline) flags(fs *flag.FlagSet) {
	fs.BoolVar(&a.on, "alembic-offline", false, "lint Alembic revisions as `alembic upgrade prev:rev --sql` renders them, instead of migguard's reading of op.* calls; "+
		"runs the project's env.py (Alembic needed: $MIGGUARD_ALEMBIC_PYTHON, python3 -m alembic or alembic on PATH)")
	fs.DurationVar(&a.timeout, "alembic-timeout", alembic.DefaultRenderTimeout, "how long each `alembic upgrade --sql` of -alembic-offline may run")
}

// render replaces the translated SQL of the reported revisions of each
// Alembic job that asks for it (-alembic-offline, or alembic_offline: true
// on its set in the configuration) with Alembic's rendering, and says on
// stderr which revisions were rendered. A job that cannot be rendered is
// dropped and its error returned with the others: never linted as
// translated instead.
func (a alembicOffline) render(e *env, cfg *config.Config, dir func() (string, error), jobs []lintJob, errs []error) ([]lintJob, []error) {
	var cmd []string
	var cmdErr error
	looked := false
	kept := jobs[:0]
	for _, j := range jobs {
		if j.alembic == nil || !(a.on || configuredOffline(cfg, j.alembic.Project)) {
			kept = append(kept, j)
			continue
		}
		if !looked {
			cmd, cmdErr = alembic.FindAlembic(e.getenv)
			looked = true
		}
		if cmdErr != nil {
			errs = append(errs, fmt.Errorf("%s: cannot lint as Alembic renders it: %v", firstReported(j), cmdErr))
			continue
		}
		if a.timeout <= 0 {
			errs = append(errs, fmt.Errorf("-alembic-timeout: want a positive duration, such as 2m"))
			return kept, errs
		}
		root, err := dir()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: cannot lint as Alembic renders it: %v", firstReported(j), err))
			continue
		}
		done, err := j.alembic.Render(root, alembic.Renderer{Command: cmd, Timeout: a.timeout}, j.lint)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(done) > 0 {
			names := make([]string, len(done))
			for i, r := range done {
				names[i] = path.Base(r.Path)
			}
			fmt.Fprintf(e.stderr, "migguard: %s: linted as `alembic upgrade --sql` renders them (%d): %s\n",
				j.alembic.Project.Dir(), len(done), strings.Join(names, ", "))
		}
		kept = append(kept, j)
	}
	return kept, errs
}

// firstReported names the first revision file of the job that would have
// been rendered, else the project.
func firstReported(j lintJob) string {
	for _, f := range j.set.Files {
		if j.lint == nil || j.lint(f) {
			return f.Path
		}
	}
	return j.alembic.Project.Dir()
}

// configuredOffline reports whether a set of the configuration that names
// the project sets alembic_offline: true.
func configuredOffline(cfg *config.Config, p *alembic.Project) bool {
	for _, s := range cfg.Sets {
		if !s.AlembicOffline {
			continue
		}
		if s.Path == p.Dir() || s.Path == p.ScriptLocation || s.Path == p.Config {
			return true
		}
		for _, loc := range p.VersionLocations {
			if s.Path == loc {
				return true
			}
		}
	}
	return false
}
