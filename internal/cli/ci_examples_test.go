package cli_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/migguard/migguard/internal/gitview/gittest"
	"github.com/migguard/migguard/internal/pgcluster"
	"github.com/migguard/migguard/internal/report"
)

// The CI examples of the README are the files of .ci/examples. These tests
// run them step by step, as GitHub Actions and GitLab CI would, on a
// pull request that adds a migration building an index without
// CONCURRENTLY: the migguard commands of every step run for real (the
// test binary is migguard on PATH, see TestMain), the steps that install
// migguard and PostgreSQL are checked instead of run (there is nothing to
// download here), and the upload steps must find the file they upload.

const examplesDir = "../../.ci/examples"

// installLine matches the install command of both examples.
var installLine = regexp.MustCompile(`^go install "github\.com/migguard/migguard/cmd/migguard@\$\{MIGGUARD_VERSION\}"$`)

// ciRepos builds the upstream repository of a pull request: develop with
// one migration, and feature adding a second one whose index blocks
// writes.
func ciRepos(t *testing.T) *gittest.Repo {
	t.Helper()
	if _, err := pgcluster.FindBinDir(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skipf("%v; .ci/pg-start installs PostgreSQL", err)
	}
	up := gittest.New(t)
	up.Commit("users", map[string]string{
		"README.md":                   "shop\n",
		"db/migrations/001_users.sql": "-- +goose Up\nCREATE TABLE users (id bigint PRIMARY KEY, name text);\n-- +goose Down\nDROP TABLE users;\n",
	})
	up.Git("checkout", "-q", "-b", "feature")
	up.Commit("index", map[string]string{
		"db/migrations/002_index.sql": "-- +goose Up\nCREATE INDEX users_name ON users (name);\n-- +goose Down\nDROP INDEX users_name;\n",
	})
	up.Git("checkout", "-q", "develop")
	return up
}

// runScript runs a CI script with bash as the runners do (-e, pipefail) in
// dir and returns its exit code and output.
func runScript(t *testing.T, dir, script string, env []string) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = gittest.Env(env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	t.Fatalf("bash: %v", err)
	return 0, ""
}

// runnable drops the lines that install packages or migguard, checking
// that the install line is the documented one.
func runnable(t *testing.T, script string) string {
	t.Helper()
	var keep []string
	for _, line := range strings.Split(script, "\n") {
		switch l := strings.TrimSpace(line); {
		case strings.HasPrefix(l, "go install"):
			if !installLine.MatchString(l) {
				t.Errorf("install line %q is not the README's", l)
			}
		case strings.Contains(l, "apt-get"):
		default:
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

type ghWorkflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Env         map[string]string `yaml:"env"`
		Steps       []struct {
			Name string         `yaml:"name"`
			Uses string         `yaml:"uses"`
			If   string         `yaml:"if"`
			Run  string         `yaml:"run"`
			With map[string]any `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func TestGitHubActionsExample(t *testing.T) {
	up := ciRepos(t)
	var wf ghWorkflow
	readYAML(t, "github-actions.yml", &wf)
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull_request")
	}
	job, ok := wf.Jobs["migguard"]
	if !ok {
		t.Fatal("no migguard job")
	}
	if job.Permissions["security-events"] != "write" {
		t.Error("upload-sarif needs security-events: write")
	}

	// actions/checkout of a pull request: the merge of feature into
	// develop, detached, in a clone with every branch under origin/.
	ws := filepath.Join(t.TempDir(), "ws")
	up.Git("clone", "-q", up.Dir, ws)
	w := gittest.At(t, ws)
	w.Git("checkout", "-q", "--detach", "origin/develop")
	w.Git("merge", "-q", "--no-ff", "-m", "Merge feature into develop", "origin/feature")
	summary := filepath.Join(t.TempDir(), "summary.md")
	env := []string{"CI=true", "GITHUB_ACTIONS=true", "GITHUB_BASE_REF=develop", "GITHUB_HEAD_REF=feature",
		"GITHUB_WORKSPACE=" + ws, "GITHUB_STEP_SUMMARY=" + summary}
	for k, v := range job.Env {
		env = append(env, k+"="+v)
	}

	failed := false
	outputs := map[string]string{}
	for _, st := range job.Steps {
		if failed && st.If != "${{ !cancelled() }}" {
			continue // GitHub's default is success()
		}
		switch {
		case strings.HasPrefix(st.Uses, "actions/checkout@"):
			if st.With["fetch-depth"] != 0 {
				t.Errorf("checkout fetch-depth is %v; the merge-base needs 0 (all history)", st.With["fetch-depth"])
			}
		case strings.HasPrefix(st.Uses, "actions/setup-go@"):
			if st.With["go-version"] != "1.26" {
				t.Errorf("setup-go go-version %v, want the go.mod minimum 1.26", st.With["go-version"])
			}
		case strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif@"):
			checkSARIF(t, filepath.Join(ws, st.With["sarif_file"].(string)))
		case st.Run != "":
			code, out := runScript(t, ws, runnable(t, st.Run), env)
			outputs[st.Name] = out
			failed = failed || code != 0
			t.Logf("step %q: exit %d\n%s", st.Name, code, out)
		default:
			t.Errorf("step %q: the test does not know what it does", st.Name+st.Uses)
		}
	}
	want := map[string]string{
		"Lint the migrations the pull request changes":          "::error file=db/migrations/002_index.sql,line=2,",
		"Apply the new migrations to a PostgreSQL holding rows": "1 base migration applied, 1000 rows seeded into 1 table\n",
	}
	for step, text := range want {
		if !strings.Contains(outputs[step], text) {
			t.Errorf("step %q: output lacks %q:\n%s", step, text, outputs[step])
		}
	}
	for _, step := range []string{"One migration per set, on top of the base branch", "No model change without a migration"} {
		if out, ran := outputs[step]; !ran || strings.Contains(out, "::error") {
			t.Errorf("step %q: ran %v, output:\n%s", step, ran, out)
		}
	}
	if !failed {
		t.Error("the job passed on a blocking index")
	}
	md, err := os.ReadFile(summary)
	if err != nil || !strings.HasPrefix(string(md), report.MarkdownMarker) || !strings.Contains(string(md), "create-index-non-concurrently") {
		t.Errorf("job summary: %v\n%s", err, md)
	}
}

// checkSARIF checks the file upload-sarif uploads.
func checkSARIF(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("upload-sarif: %v", err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 ||
		len(log.Runs[0].Results) == 0 || log.Runs[0].Results[0].RuleID != "create-index-non-concurrently" {
		t.Errorf("upload-sarif: %s is not the expected SARIF log (%v):\n%s", path, err, data)
	}
}

type glJob struct {
	Image        string              `yaml:"image"`
	Rules        []map[string]string `yaml:"rules"`
	Variables    map[string]string   `yaml:"variables"`
	BeforeScript []string            `yaml:"before_script"`
	Script       []string            `yaml:"script"`
	Artifacts    struct {
		When    string            `yaml:"when"`
		Reports map[string]string `yaml:"reports"`
	} `yaml:"artifacts"`
}

func TestGitLabCIExample(t *testing.T) {
	up := ciRepos(t)
	var cfg map[string]glJob
	readYAML(t, "gitlab-ci.yml", &cfg)
	job, ok := cfg["migguard"]
	if !ok {
		t.Fatal("no migguard job")
	}
	if len(job.Rules) != 1 || job.Rules[0]["if"] != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		t.Errorf("rules %v: the job should run in merge request pipelines", job.Rules)
	}
	if job.Variables["GIT_DEPTH"] != "0" {
		t.Errorf("GIT_DEPTH %q; the merge-base needs 0 (all history)", job.Variables["GIT_DEPTH"])
	}
	report := job.Artifacts.Reports["codequality"]
	if report == "" || job.Artifacts.When != "always" {
		t.Fatalf("artifacts %+v: the Code Quality report must be kept when the job fails", job.Artifacts)
	}

	// GitLab's checkout of a merge request pipeline: the source branch,
	// detached; the target branch is not fetched.
	ws := filepath.Join(t.TempDir(), "ws")
	w := gittest.At(t, ws)
	if err := os.MkdirAll(ws, 0o755); err != nil {
		t.Fatal(err)
	}
	w.Git("init", "-q")
	w.Git("remote", "add", "origin", up.Dir)
	w.Git("fetch", "-q", "origin", "+refs/heads/feature:refs/remotes/origin/feature")
	w.Git("checkout", "-q", "--detach", "origin/feature")
	env := []string{"CI=true", "GITLAB_CI=true", "CI_PIPELINE_SOURCE=merge_request_event",
		"CI_MERGE_REQUEST_TARGET_BRANCH_NAME=develop", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feature"}
	for k, v := range job.Variables {
		env = append(env, k+"="+v)
	}
	script := runnable(t, strings.Join(append(append([]string{}, job.BeforeScript...), job.Script...), "\n"))
	code, out := runScript(t, ws, script, env)
	t.Logf("job: exit %d\n%s", code, out)
	if code != 1 {
		t.Errorf("the job exited %d on a blocking index, want 1", code)
	}
	for _, text := range []string{"db/migrations/002_index.sql:2:", "create-index-non-concurrently", "PostgreSQL "} {
		if !strings.Contains(out, text) {
			t.Errorf("the job's output lacks %q", text)
		}
	}
	data, err := os.ReadFile(filepath.Join(ws, report))
	if err != nil {
		t.Fatalf("artifacts:reports:codequality: %v", err)
	}
	var issues []struct {
		CheckName string `json:"check_name"`
		Location  struct {
			Path string `json:"path"`
		} `json:"location"`
	}
	if err := json.Unmarshal(data, &issues); err != nil || len(issues) == 0 ||
		issues[0].CheckName != "create-index-non-concurrently" || issues[0].Location.Path != "db/migrations/002_index.sql" {
		t.Errorf("Code Quality report (%v):\n%s", err, data)
	}
}

// readYAML decodes one of the examples.
func readYAML(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(examplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The README shows the examples as they are.
func TestREADMEShowsCIExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"github-actions.yml", "gitlab-ci.yml"} {
		data, err := os.ReadFile(filepath.Join(examplesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "```yaml\n"+string(data)+"```\n") {
			t.Errorf("README.md does not show .ci/examples/%s as it is", name)
		}
	}
}
