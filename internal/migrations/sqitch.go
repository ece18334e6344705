package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// Sqitch (sqitchers/sqitch, lib/App/Sqitch/Plan.pm and Engine/pg.pm): a
// project directory holds sqitch.plan and the deploy/, revert/ and
// verify/ directories. The plan, not the file names, orders the changes;
// each change's scripts are <dir>/<change>.sql, and a change reworked
// later in the plan keeps its earlier scripts as <change>@<tag>.sql. The
// PostgreSQL engine runs every script with `psql --file`, in autocommit,
// so a script is one transaction only when it says BEGIN … COMMIT itself
// (sqitch's templates do).

// SqitchPlan is the name of a Sqitch project's plan.
const SqitchPlan = "sqitch.plan"

// sqitchSyntax is the plan syntax migguard reads, Sqitch's SYNTAX_VERSION.
const sqitchSyntax = "1.0.0"

var (
	sqitchPragmaRx = lazyre.New(`^\s*%\s*([^\s=]+)\s*(?:=\s*(.*?))?\s*$`)
	sqitchLineRx   = lazyre.New(`^\s*(@|[+-]\s*)?([^\s:@#\[\]\\]+)\s*(?:\[([^\]]*)\]\s*)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\s*)?([^<]+\s+<[^>]+>)?\s*$`)
)

// sqitchChange is one change line of a plan.
type sqitchChange struct {
	name   string
	line   int
	off    int
	tags   []string // the tags declared right after it
	revert bool     // a "-change" line: revert it
	// reworkTags, for a change reworked later, are the tags that may name
	// its scripts (see stem).
	reworkTags []string
}

// sqitchPlan is a plan as read.
type sqitchPlan struct {
	changes  []*sqitchChange
	problems []Problem
	notes    []Problem
}

// parseSqitchPlan reads a plan: the pragmas up to the first blank line,
// then one change or tag per line; # starts a note. It reports what
// sqitch rejects: a missing %project, lines it cannot read, a change
// declared twice since the last tag, a tag declared twice or before any
// change, a change that requires one the plan does not declare before it.
func parseSqitchPlan(src string) *sqitchPlan {
	p := &sqitchPlan{}
	lines := splitLines(src)
	i := p.header(src, lines)
	declared := map[string]bool{}
	sinceTag := map[string]int{}
	tags := map[string]int{}
	for ; i < len(lines); i++ {
		l := lines[i]
		text, _, _ := strings.Cut(l.text, "#")
		if strings.TrimSpace(text) == "" {
			continue
		}
		m := sqitchLineRx.FindStringSubmatch(text)
		switch {
		case m == nil || m[2] == "":
			p.problem(l, "cannot read line %d of the plan %q: sqitch rejects the plan", l.n, strings.TrimSpace(text))
			continue
		case m[4] == "" || m[5] == "":
			p.problem(l, "line %d of the plan has no timestamp or planner name and email: sqitch rejects the plan", l.n)
			continue
		}
		name := m[2]
		if m[1] == "@" {
			p.tag(l, name, tags, sinceTag)
			continue
		}
		if at, dup := sinceTag[name]; dup {
			p.problem(l, "change %q on line %d is declared on line %d since the last tag: sqitch rejects the plan (rework it after a tag instead)", name, l.n, at)
			continue
		}
		p.requires(l, name, m[3], declared)
		sinceTag[name], declared[name] = l.n, true
		p.changes = append(p.changes, &sqitchChange{name: name, line: l.n, off: l.start, revert: strings.HasPrefix(m[1], "-")})
	}
	p.reworks()
	return p
}

func (p *sqitchPlan) problem(l line, format string, args ...any) {
	p.problems = append(p.problems, Problem{Offset: l.start, Message: fmt.Sprintf(format, args...)})
}

// header reads the pragmas and returns the index of the first line after
// them.
func (p *sqitchPlan) header(src string, lines []line) int {
	project := false
	i := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(strings.TrimPrefix(l.text, bom))
		if t == "" {
			i++
			break
		}
		if strings.HasPrefix(t, "#") {
			continue
		}
		text, _, _ := strings.Cut(t, "#")
		m := sqitchPragmaRx.FindStringSubmatch(text)
		if m == nil {
			p.problem(l, "line %d of the plan is not a %%pragma: sqitch rejects the plan (a blank line must come between pragmas and changes)", l.n)
			continue
		}
		switch m[1] {
		case "project":
			project = m[2] != ""
		case "syntax-version":
			if m[2] != sqitchSyntax {
				p.notes = append(p.notes, Problem{Offset: l.start, Message: fmt.Sprintf(
					"%%syntax-version=%s on line %d: migguard reads plans of syntax %s, as sqitch does", m[2], l.n, sqitchSyntax)})
			}
		}
	}
	if !project {
		p.problems = append(p.problems, Problem{Offset: firstText(src), Message: "the plan has no %project pragma: sqitch rejects the plan"})
	}
	return i
}

// tag reads a tag line.
func (p *sqitchPlan) tag(l line, name string, tags, sinceTag map[string]int) {
	switch at, dup := tags[name]; {
	case len(p.changes) == 0:
		p.problem(l, "tag @%s on line %d comes before any change: sqitch rejects the plan", name, l.n)
	case dup:
		p.problem(l, "tag @%s on line %d is declared on line %d too: sqitch rejects the plan", name, l.n, at)
	default:
		last := p.changes[len(p.changes)-1]
		last.tags = append(last.tags, name)
	}
	tags[name] = l.n
	clear(sinceTag)
}

// requires reports the dependencies of a change (`[a b !c]`) on changes of
// this project that the plan does not declare before it.
func (p *sqitchPlan) requires(l line, name, deps string, declared map[string]bool) {
	for _, d := range strings.Fields(deps) {
		if strings.HasPrefix(d, "!") || strings.Contains(d, ":") {
			continue // a conflict, or a change of another project
		}
		d, _, _ = strings.Cut(d, "@")
		if d != "" && !declared[d] {
			p.problem(l, "change %q on line %d requires %q, which the plan does not declare before it: sqitch rejects the plan", name, l.n, d)
		}
	}
}

// reworks lists, for each change reworked later in the plan, the tags
// that may name its scripts (<name>@<tag>.sql), in the order sqitch tries
// them: the tags after it, the latest first, then its own.
func (p *sqitchPlan) reworks() {
	for i, c := range p.changes {
		for j := i + 1; j < len(p.changes); j++ {
			if p.changes[j].name != c.name {
				continue
			}
			for k := j - 1; k > i; k-- {
				c.reworkTags = append(c.reworkTags, p.changes[k].tags...)
			}
			c.reworkTags = append(c.reworkTags, c.tags...)
			break
		}
	}
}

// stem returns the path of a change's scripts below deploy/ (and revert/,
// verify/) without .sql: its name, or for a reworked change <name>@<tag>
// with the first of its rework tags whose deploy script exists (else the
// first), as sqitch looks for it.
func (c *sqitchChange) stem(exists func(deploy string) bool) string {
	if len(c.reworkTags) == 0 {
		return c.name
	}
	for _, t := range c.reworkTags {
		if s := c.name + "@" + t; exists("deploy/" + s + ".sql") {
			return s
		}
	}
	return c.name + "@" + c.reworkTags[0]
}

// sqitchStem is the change a script path below a project directory
// stands for: deploy/a/b.sql → a/b.
func sqitchStem(rel string) string {
	for _, d := range []string{"deploy/", "revert/", "verify/"} {
		if s, ok := strings.CutPrefix(rel, d); ok {
			return strings.TrimSuffix(s, ".sql")
		}
	}
	return strings.TrimSuffix(rel, ".sql")
}

// loadSqitch reads the Sqitch project in dir: the plan orders the deploy
// scripts, each with its revert script as DownFile.
func loadSqitch(fsys fs.FS, dir string) (*Set, []error) {
	planPath := path.Join(dir, SqitchPlan)
	data, err := ReadFile(fsys, planPath)
	if err == nil {
		err = checkText(planPath, data)
	}
	if err != nil {
		if _, ok := err.(*InputError); ok {
			return nil, []error{err}
		}
		return nil, []error{&InputError{Path: planPath, Err: UnwrapPathError(err).Error()}}
	}
	names, _, err := listFiles(fsys, dir, -1)
	if err != nil {
		return nil, []error{&InputError{Path: dir, Err: UnwrapPathError(err).Error()}}
	}
	set := &Set{Dir: dir, Format: Sqitch}
	plan := parseSqitchPlan(string(data))
	meta := &File{Path: planPath, Kind: Meta, Src: string(data), Problems: plan.problems, Notes: plan.notes}
	scripts := map[string]*File{}
	var errs []error
	for i, r := range readAll(fsys, dir, Sqitch, names, nil) {
		switch {
		case r.err != nil:
			errs = append(errs, r.err)
		case r.file != nil:
			scripts[names[i]] = r.file
		}
	}
	used := map[string]bool{}
	for _, c := range plan.changes {
		if c.revert {
			meta.Notes = append(meta.Notes, Problem{Offset: c.off, Message: fmt.Sprintf(
				"-%s on line %d reverts a change within the plan: migguard does not replay the revert", c.name, c.line)})
			continue
		}
		stem := c.stem(func(p string) bool { return scripts[p] != nil })
		deploy, revert := "deploy/"+stem+".sql", "revert/"+stem+".sql"
		used[stem] = true
		f := scripts[deploy]
		if f == nil {
			meta.Problems = append(meta.Problems, Problem{Offset: c.off, Message: fmt.Sprintf(
				"change %q on line %d has no deploy script %s: sqitch deploy fails", c.name, c.line, deploy)})
			continue
		}
		f.Name = c.name
		f.DownFile = scripts[revert]
		set.Files = append(set.Files, f)
	}
	set.Others = append(set.Others, meta)
	for _, n := range names {
		if strings.HasSuffix(n, ".sql") && !used[sqitchStem(n)] {
			set.Others = append(set.Others, notRunFile(fsys, path.Join(dir, n), sqitchNotRun(n)))
		}
	}
	return set, errs
}

// sqitchNotRun says why sqitch never runs a script.
func sqitchNotRun(rel string) string {
	for _, d := range []string{"deploy", "revert", "verify"} {
		if strings.HasPrefix(rel, d+"/") {
			return fmt.Sprintf("sqitch.plan names no change %q, so sqitch never runs its %s script", sqitchStem(rel), d)
		}
	}
	return "sqitch runs only the deploy/, revert/ and verify/ scripts of the changes sqitch.plan names"
}
