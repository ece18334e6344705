package project

import (
	"fmt"
	"io"
	"os"

	"github.com/migguard/migguard/internal/migrations"
)

// WriteKey writes to w what a verdict on the project's migrations reads
// from its files: the configuration file, every file of the loaded sets
// (down files and the paths a tool never runs included) with its path, and
// the sets left out as another engine's with the reason. Whatever changes
// in them changes what is written, so a hash of it keys caches of verdicts
// (`migguard sets -key`, the go vet analyzers).
func (p *Project) WriteKey(w io.Writer, sets []*Loaded, skipped []*Set) error {
	if p.Config.Path != "" {
		data, err := os.ReadFile(p.Config.Path)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "config %d\n", len(data))
		w.Write(data)
	}
	add := func(path string) error {
		data, err := migrations.ReadFile(p.FS, path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, migrations.UnwrapPathError(err))
		}
		fmt.Fprintf(w, "%s %d\n", path, len(data))
		w.Write(data)
		return nil
	}
	for _, l := range sets {
		fmt.Fprintf(w, "set %s %s\n", l.Dir, l.Format)
		for _, f := range l.Files.Files {
			if err := add(f.Path); err != nil {
				return err
			}
			if f.DownFile != nil {
				if err := add(f.DownFile.Path); err != nil {
					return err
				}
			}
		}
		for _, o := range l.Files.Others {
			// sqitch.plan, files the tool never runs: their text changes
			// the findings.
			fmt.Fprintf(w, "other %s %d\n", o.Path, len(o.Src))
			io.WriteString(w, o.Src)
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "skipped %s %s %s\n", s.Dir, s.Format, s.Dialect())
	}
	return nil
}
