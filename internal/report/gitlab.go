package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strconv"

	"github.com/migguard/migguard/internal/rules"
)

// gitlabIssue is one element of a GitLab Code Quality report (a subset of
// the Code Climate issue that GitLab reads).
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

// writeGitLab writes a GitLab Code Quality report, for
// artifacts:reports:codequality. Issues are ordered by file, line, column
// and rule. GitLab compares the fingerprints of a merge request's report
// with the target branch's to tell new findings from fixed ones, so a
// fingerprint is a hash of the path, the rule, the message and how many
// identical findings came before in the file: it survives lines added
// above the finding, and two identical findings differ.
func writeGitLab(w io.Writer, findings []rules.Finding) {
	fs := slices.Clone(findings)
	rules.SortFindings(fs)
	out := make([]gitlabIssue, 0, len(fs))
	seen := map[string]int{}
	for _, f := range fs {
		start, end := span(f)
		path := slashPath(f.Path)
		key := path + "\x00" + f.Rule + "\x00" + f.Message
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		out = append(out, gitlabIssue{
			Description: f.Message,
			CheckName:   f.Rule,
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    gitlabSeverity(f.Severity),
			Location:    gitlabLocation{Path: path, Lines: gitlabLines{Begin: start.Line, End: end.Line}},
		})
	}
	encode(w, out)
}

// gitlabSeverity maps a severity to GitLab's scale (info, minor, major,
// critical, blocker): errors, which make migguard fail, are major.
func gitlabSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "major"
	case rules.Warning:
		return "minor"
	}
	return "info"
}
