package apply

// Translation is what apply knows of files whose SQL was translated from
// another language (the upgrade() of Alembic revisions): it reports their
// statements at the lines of the source the author wrote, and lists what
// was not translated, which was therefore not applied either.
type Translation interface {
	// SourceLine returns the line of the source file that produced a
	// line of its SQL.
	SourceLine(path string, sqlLine int) int
	// Untranslated lists the parts of the source that have no SQL.
	Untranslated(path string) []Note
}

// Note is a part of a translated file that was not translated, at its
// line.
type Note struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// translated maps the statements of a file's result to the source's
// lines and lists what the translation left out.
func translated(fr *FileResult, tr Translation) {
	if tr == nil || fr == nil {
		return
	}
	for _, s := range fr.Statements {
		s.Line, s.Col = tr.SourceLine(fr.Path, s.Line), 1
		if s.Error != nil {
			s.Error.Line, s.Error.Col = tr.SourceLine(fr.Path, s.Error.Line), 1
		}
	}
	fr.Untranslated = tr.Untranslated(fr.Path)
}
