// Package bun is a stub of github.com/uptrace/bun for the tests.
package bun

type BaseModel struct{}
