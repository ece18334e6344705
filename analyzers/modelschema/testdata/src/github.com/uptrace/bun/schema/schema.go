// Package schema is a stub of github.com/uptrace/bun/schema for the tests.
package schema

// BaseModel is embedded by bun models; bun.BaseModel aliases it.
type BaseModel struct{}
