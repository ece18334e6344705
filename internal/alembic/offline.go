package alembic

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/migguard/migguard/internal/directive"
	"github.com/migguard/migguard/internal/lazyre"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
)

// DefaultRenderTimeout bounds one `alembic upgrade --sql` run.
const DefaultRenderTimeout = 2 * time.Minute

// Renderer runs Alembic's offline mode (`alembic upgrade prev:rev --sql`)
// to render the SQL of revisions. It runs the project's env.py and the
// revision files' Python, so it is used only when the user asks for it.
type Renderer struct {
	// Command starts Alembic: an interpreter and "-m", "alembic", or an
	// alembic executable (see FindAlembic).
	Command []string
	// Timeout bounds each run; zero means DefaultRenderTimeout.
	Timeout time.Duration
	// Env is added to the environment of each run.
	Env []string
}

// FindAlembic returns the command that runs Alembic: the interpreter named
// by $MIGGUARD_ALEMBIC_PYTHON with -m alembic, else python3 -m alembic when
// python3 can import alembic, else an alembic executable on PATH.
func FindAlembic(getenv func(string) string) ([]string, error) {
	if py := getenv("MIGGUARD_ALEMBIC_PYTHON"); py != "" {
		if out, err := exec.Command(py, "-c", "import alembic").CombinedOutput(); err != nil {
			return nil, fmt.Errorf("MIGGUARD_ALEMBIC_PYTHON=%s cannot import alembic: %s", py, lastLines(out, err, 1))
		}
		return []string{py, "-m", "alembic"}, nil
	}
	if py, err := exec.LookPath("python3"); err == nil && exec.Command(py, "-c", "import alembic").Run() == nil {
		return []string{py, "-m", "alembic"}, nil
	}
	if a, err := exec.LookPath("alembic"); err == nil {
		return []string{a}, nil
	}
	return nil, errors.New("rendering with Alembic needs Alembic installed: python3 on PATH cannot import alembic and there is no alembic executable on PATH " +
		"(install it in the project's environment, or set MIGGUARD_ALEMBIC_PYTHON to a Python that has it)")
}

// RenderError is a revision that Alembic could not render.
type RenderError struct {
	Path string // the revision file
	Line int    // its revision assignment, 0 when unknown
	Msg  string
}

func (e *RenderError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Render replaces the translated SQL of the revisions that want selects
// (all when nil) with the SQL Alembic renders for them offline: `alembic
// upgrade <down_revision>:<rev> --sql`, or `alembic upgrade <rev> --sql`
// for a base. The other revisions keep their translation, which the schema
// replay still uses. Statements on alembic_version (the bootstrap CREATE
// TABLE, the INSERT, UPDATE or DELETE that records the revision) are
// blanked out, line numbers kept. It returns the revisions rendered, in
// graph order, and stops at the first that fails.
func (s *Set) Render(root string, r Renderer, want func(*migrations.File) bool) ([]*Revision, error) {
	var done []*Revision
	revs := map[string]*Revision{}
	for _, rev := range s.Graph.Order() {
		revs[rev.Path] = rev
	}
	for _, f := range s.SQL.Files {
		if want != nil && !want(f) {
			continue
		}
		rev := revs[f.Path]
		if rev == nil {
			continue
		}
		if err := s.render(root, r, rev, f); err != nil {
			return done, err
		}
		done = append(done, rev)
	}
	return done, nil
}

// render runs Alembic for one revision and installs its SQL.
func (s *Set) render(root string, r Renderer, rev *Revision, f *migrations.File) error {
	fail := func(format string, args ...any) error {
		return &RenderError{Path: rev.Path, Line: rev.Line, Msg: fmt.Sprintf(format, args...)}
	}
	for _, u := range rev.Unknown {
		if u == "down_revision" {
			return fail("cannot render with Alembic: down_revision is not a literal, so the revision it follows is unknown")
		}
	}
	if len(r.Command) == 0 {
		return fail("cannot render with Alembic: no Alembic command")
	}
	target := rev.ID
	if len(rev.Down) > 0 {
		// A merge starts from its first parent; the other parents'
		// branches render too and are dropped by revision below.
		target = rev.Down[0] + ":" + rev.ID
	}
	args := append([]string{}, r.Command[1:]...)
	conf := s.Project.runConfig(root)
	dir := path.Dir(conf)
	switch {
	case strings.HasSuffix(conf, ".ini"):
		args = append(args, "-c", path.Base(conf))
		if s.Project.Section != "" {
			args = append(args, "-n", s.Project.Section)
		}
	case conf != "":
		// pyproject.toml: Alembic reads it from the working directory.
	default:
		return fail("cannot render with Alembic: no alembic.ini or pyproject.toml names the script location %s", s.Project.ScriptLocation)
	}
	args = append(args, "upgrade", target, "--sql")
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultRenderTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.Command[0], args...)
	cmd.Dir = filepath.Join(root, filepath.FromSlash(dir))
	cmd.Env = append(os.Environ(), r.Env...)
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	shown := "alembic " + strings.Join(args[len(r.Command)-1:], " ")
	err := cmd.Run()
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return fail("`%s` (in %s) did not finish within %s", shown, dir, timeout)
	case err != nil:
		return fail("`%s` (in %s) failed (%v):\n    %s", shown, dir, err, lastLines(stderr.Bytes(), err, 6))
	}
	sql, err := revisionSQL(stdout.String(), rev.ID)
	if err != nil {
		return fail("`%s` (in %s): %v", shown, dir, err)
	}
	s.install(rev, f, sql)
	return nil
}

// runConfig returns the alembic.ini or pyproject.toml to run Alembic
// with: the project's own, else the nearest alembic.ini above the script
// location (up to root) whose script_location is the project's.
func (p *Project) runConfig(root string) string {
	if p.Config != "" {
		return p.Config
	}
	for dir := p.ScriptLocation; ; dir = path.Dir(dir) {
		ini := path.Join(dir, "alembic.ini")
		if fsys := migrations.Dir(root); fileExists(fsys, ini) {
			qs, _ := readIniProjects(fsys, ini)
			for _, q := range qs {
				if q.ScriptLocation == p.ScriptLocation && q.Section == p.Section {
					return q.Config
				}
			}
		}
		if dir == "." || dir == "/" || dir == "" {
			return ""
		}
	}
}

var runningRx = lazyre.New(`(?m)^-- Running upgrade (.*) -> (\S+)[ \t]*$`)

// revisionSQL keeps of Alembic's output the statements of revision id: it
// blanks out (keeping line breaks) the statements on alembic_version and
// those of other revisions rendered along (the other branches of a merge,
// depends_on), and keeps BEGIN and COMMIT.
func revisionSQL(out, id string) (string, error) {
	marks := runningRx.FindAllStringSubmatchIndex(out, -1)
	found := false
	for _, m := range marks {
		if out[m[4]:m[5]] == id {
			found = true
		}
	}
	if !found {
		return "", fmt.Errorf("Alembic printed no `-- Running upgrade … -> %s` section", id)
	}
	// owner returns the revision whose section holds offset off ("" before the first).
	owner := func(off int) string {
		o := ""
		for _, m := range marks {
			if m[0] > off {
				break
			}
			o = out[m[4]:m[5]]
		}
		return o
	}
	b := []byte(out)
	for _, st := range pgparse.Parse(out) {
		text := strings.ToUpper(strings.Join(strings.Fields(out[st.Start:st.End]), " "))
		keep := isTxControl(text) || (owner(st.Start) == id && !onVersionTable(text))
		if keep {
			continue
		}
		end := st.End
		if end < len(b) && b[end] == ';' {
			end++
		}
		for i := st.Start; i < end && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b), nil
}

func isTxControl(upper string) bool {
	upper = strings.TrimRight(upper, "; ")
	switch upper {
	case "BEGIN", "COMMIT", "START TRANSACTION", "BEGIN TRANSACTION", "COMMIT TRANSACTION", "END", "ROLLBACK":
		return true
	}
	return false
}

var versionTableRx = lazyre.New(`^(CREATE TABLE|INSERT INTO|UPDATE|DELETE FROM|DROP TABLE) ("?[A-Z0-9_]+"?\.)?"?ALEMBIC_VERSION"?\b`)

// onVersionTable reports whether a statement is Alembic's bookkeeping:
// creating alembic_version or recording a revision in it.
func onVersionTable(upper string) bool {
	return versionTableRx.MatchString(upper)
}

// install makes sql the text of the revision's file: findings on it are
// reported at the line of def upgrade, naming the line of the rendered
// SQL. The revision file's `# migguard:ignore` comments (in upgrade() or
// ignore-file anywhere) are appended as ignore-file directives: the
// rendered SQL no longer says which call produced a statement.
func (s *Set) install(rev *Revision, f *migrations.File, sql string) {
	gf := s.files[rev.Path]
	if gf == nil {
		return
	}
	def := span{gf.defLine, gf.defLine}
	if !strings.HasSuffix(sql, "\n") {
		sql += "\n"
	}
	n := strings.Count(sql, "\n")
	gf.lineMap = make([]span, 1, n+2)
	for i := 0; i < n; i++ {
		gf.lineMap = append(gf.lineMap, def)
	}
	gf.rendered, gf.renderedLines = true, n
	gf.notes = nil
	var b strings.Builder
	b.WriteString(sql)
	for _, c := range s.upgradeIgnores(gf) {
		b.WriteString(c.text)
		b.WriteByte('\n')
		gf.lineMap = append(gf.lineMap, span{c.tok, c.tok})
	}
	f.Src, f.Up = b.String(), b.String()
	f.TxSource = "Alembic offline rendering: the BEGIN and COMMIT that `alembic upgrade --sql` printed"
}

// upgradeIgnores returns the file's ignore-file comments and the
// `# migguard:ignore` comments inside upgrade(), all as ignore-file
// directives.
func (s *Set) upgradeIgnores(gf *genFile) []comment {
	out := fileIgnores(gf.py)
	first, last := gf.defLine.line, gf.defLine.line
	if first == 0 {
		return out
	}
	for _, ll := range gf.upgradeBody {
		if end := ll.toks[len(ll.toks)-1].line; end > last {
			last = end
		}
	}
	off := 0
	for i, line := range strings.SplitAfter(gf.py, "\n") {
		n := i + 1
		if n > first && n <= last {
			if d, c, ok := pyDirective(line); ok && d.Kind == directive.Ignore {
				ind := len(line) - len(strings.TrimLeft(line, " \t"))
				out = append(out, comment{tok: token{text: strings.TrimSpace(line), off: off + ind, line: n},
					text: "-- " + directive.IgnoreFileKeyword + strings.TrimPrefix(c, directive.IgnoreKeyword)})
			}
		}
		off += len(line)
	}
	return out
}

// Rendered reports whether the revision file's SQL is Alembic's rendering.
func (s *Set) Rendered(path string) bool {
	gf := s.files[path]
	return gf != nil && gf.rendered
}

// lastLines returns the last n non-blank lines of a command's output, or
// the error when it printed nothing.
func lastLines(out []byte, err error, n int) string {
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if t := strings.TrimSpace(l); t != "" && strings.Trim(t, "^~") != "" {
			lines = append(lines, strings.TrimRight(l, " \r"))
		}
	}
	if len(lines) == 0 {
		return err.Error()
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n    ")
}
