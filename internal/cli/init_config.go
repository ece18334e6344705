package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/migguard/migguard/internal/config"
	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/project"
	"github.com/migguard/migguard/internal/rules"
)

// initConfig returns the .migguard.yaml that `migguard init` writes in
// dir: the commented example of package config, with pg_version set to
// the version lint assumes without one (rules.DefaultVersion), and the
// migration sets that discovery finds from dir — SQL directories and
// Alembic projects, as `migguard sets` lists them — written under sets:,
// so that the file states what every command will read. notes say what
// was found, for the user.
func initConfig(dir string) (text string, notes []string) {
	text = config.Example
	pg := rules.DefaultVersion.String()
	if rules.DefaultVersion.Minor == 0 {
		pg = fmt.Sprint(rules.DefaultVersion.Major)
	}
	if i := strings.Index(text, "\npg_version: "); i >= 0 {
		end := i + 1 + strings.IndexByte(text[i+1:], '\n')
		text = text[:i+1] + fmt.Sprintf("pg_version: %q", pg) + text[end:]
	}
	sets, errs := project.New(migrations.Dir(dir), dir, config.Default()).Sets()
	for _, err := range errs {
		notes = append(notes, fmt.Sprintf("not written under sets: %v", err))
	}
	if len(sets) == 0 {
		return text, append(notes, "found no migration sets: name yours under sets: (see the comments in the file)")
	}
	type entry struct {
		Path   string `yaml:"path"`
		Format string `yaml:"format"`
	}
	var entries []entry
	for _, s := range sets {
		entries = append(entries, entry{Path: s.Dir, Format: string(s.Format)})
		notes = append(notes, fmt.Sprintf("found %s (%s)", filepath.FromSlash(s.Dir), s.Format))
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(map[string][]entry{"sets": entries}) // strings only: it cannot fail
	listed := "# The migration sets found when this file was written (`migguard sets`\n" +
		"# lists what every command reads).\n" + b.String() + "\n"
	if i := strings.Index(text, "\n# sets:\n"); i >= 0 {
		return text[:i+1] + listed + text[i+1:], notes
	}
	return text + "\n" + listed, notes
}
