// Package orm is a stub of github.com/beego/beego/v2/client/orm for the
// tests.
package orm

// RegisterModel registers models, which beego then reads and writes.
func RegisterModel(models ...any) {}

// Ormer runs queries.
type Ormer interface {
	Read(md any, cols ...string) error
	Insert(md any) (int64, error)
}
