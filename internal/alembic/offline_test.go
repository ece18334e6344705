package alembic

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// alembicPython returns a Python interpreter that can import alembic:
// $MIGGUARD_ALEMBIC_PYTHON (set by .ci/setup.d/alembic), else python3 or
// /usr/bin/python3 when they have it.
func alembicPython(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MIGGUARD_ALEMBIC_PYTHON"); p != "" {
		if err := exec.Command(p, "-c", "import alembic").Run(); err != nil {
			t.Fatalf("MIGGUARD_ALEMBIC_PYTHON=%s cannot import alembic: %v", p, err)
		}
		return p
	}
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import alembic").Run() == nil {
			return p
		}
	}
	t.Skip("Alembic is not installed (Debian python3-alembic): run .ci/setup.d/alembic, or set MIGGUARD_ALEMBIC_PYTHON")
	return ""
}

var spaceRx = regexp.MustCompile(`\s+`)

func normalize(sql string) string {
	s := spaceRx.ReplaceAllString(strings.TrimSpace(sql), " ")
	s = strings.ReplaceAll(s, "( ", "(")
	return strings.ReplaceAll(s, " )", ")")
}

// TestAlembicOffline renders opCases with `alembic upgrade --sql`'s
// machinery and compares Alembic's SQL with migguard's translation.
func TestAlembicOffline(t *testing.T) {
	py := alembicPython(t)
	type job struct {
		Name string `json:"name"`
		Body string `json:"body"`
	}
	var jobs []job
	for _, c := range opCases {
		jobs = append(jobs, job{c.Name(), c.body})
	}
	in, _ := json.Marshal(jobs)
	cmd := exec.Command(py, "testdata/offline/render.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("render.py: %v\n%s", err, stderr.String())
	}
	var rendered map[string]json.RawMessage
	if err := json.Unmarshal(out, &rendered); err != nil {
		t.Fatal(err)
	}
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			var stmts []string
			if err := json.Unmarshal(rendered[c.Name()], &stmts); err != nil {
				t.Fatalf("alembic: %s", rendered[c.Name()])
			}
			var got []string
			for _, s := range upgradeOf(t, c.body).stmts {
				got = append(got, normalize(s.sql))
			}
			for i := range stmts {
				stmts[i] = normalize(stmts[i])
			}
			if strings.Join(got, "\n") != strings.Join(stmts, "\n") {
				t.Errorf("migguard:\n%s\nalembic:\n%s", strings.Join(got, "\n"), strings.Join(stmts, "\n"))
			}
		})
	}
}
