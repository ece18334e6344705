// Package diskmodels is checked against migrations that .migguard.yaml
// names and that no package embeds.
package diskmodels

//migguard:model table=notes
type Note struct {
	ID    int64  `db:"id"`
	Body  string `db:"body"`
	Title string `db:"title"` // want `model-column-missing: model changed without a migration: add a migration that adds notes.title`
}
