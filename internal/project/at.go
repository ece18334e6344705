package project

import "io/fs"

// At returns the set as read from other files: fsys in place of its
// project's, with the same root, configuration and format. migguard fix
// lints a change through it before writing the change to disk.
func (s *Set) At(fsys fs.FS) *Set {
	return &Set{Dir: s.Dir, Format: s.Format, Config: s.Config, Alembic: s.Alembic, project: s.project.At(fsys)}
}
