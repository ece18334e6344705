package lint

import (
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/migguard/migguard/internal/alembic"
)

// Offline lints Alembic revisions as Alembic itself renders them
// (`alembic upgrade prev:rev --sql`), for every Alembic job when All is set
// (-alembic-offline) and for the sets configured with alembic_offline: true.
type Offline struct {
	All     bool
	Timeout time.Duration
	// Getenv finds Alembic ($MIGGUARD_ALEMBIC_PYTHON).
	Getenv func(string) string
	// Progress is told which revisions were rendered.
	Progress io.Writer
}

// Render replaces the translated SQL of the reported revisions of each job
// that asks for it with Alembic's rendering, run in the directory that dir
// returns (the project root, or a copy of a git tree). A job that cannot be
// rendered is dropped and its error returned with errs: never linted as
// translated instead.
func (o Offline) Render(jobs []Job, dir func() (string, error), errs []error) ([]Job, []error) {
	var cmd []string
	var cmdErr error
	looked := false
	kept := jobs[:0]
	for _, j := range jobs {
		if !j.Alembic() || !(o.All || j.Set.Config != nil && j.Set.Config.AlembicOffline) {
			kept = append(kept, j)
			continue
		}
		if !looked {
			cmd, cmdErr = alembic.FindAlembic(o.Getenv)
			looked = true
		}
		if cmdErr != nil {
			errs = append(errs, fmt.Errorf("%s: cannot lint as Alembic renders it: %v", firstReported(j), cmdErr))
			continue
		}
		if o.Timeout <= 0 {
			return kept, append(errs, fmt.Errorf("-alembic-timeout: want a positive duration, such as 2m"))
		}
		root, err := dir()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: cannot lint as Alembic renders it: %v", firstReported(j), err))
			continue
		}
		done, err := j.Set.Alembic.Render(root, alembic.Renderer{Command: cmd, Timeout: o.Timeout}, j.Report)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(done) > 0 && o.Progress != nil {
			names := make([]string, len(done))
			for i, r := range done {
				names[i] = path.Base(r.Path)
			}
			fmt.Fprintf(o.Progress, "migguard: %s: linted as `alembic upgrade --sql` renders them (%d): %s\n",
				j.Set.Alembic.Project.Dir(), len(done), strings.Join(names, ", "))
		}
		kept = append(kept, j)
	}
	return kept, errs
}

// firstReported names the first revision file of the job that would have
// been rendered, else the project.
func firstReported(j Job) string {
	for _, f := range j.Files.Files {
		if j.Report == nil || j.Report(f) {
			return f.Path
		}
	}
	return j.Set.Alembic.Project.Dir()
}
