// Package lazyre holds regular expressions that are compiled when first
// used, not when the program starts: a run of migguard uses a few of the
// many the packages declare, and compiling them all cost every run,
// `migguard version` too, about a millisecond.
package lazyre

import (
	"regexp"
	"sync"
)

// A Regexp is a regexp.Regexp compiled on first use. Its methods are
// those of regexp.Regexp; it panics on first use when the expression
// does not compile, as regexp.MustCompile does (CompileAll finds such an
// expression in a test).
type Regexp struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns the expression expr, to be compiled when first used.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// CompileAll compiles every expression New has returned, and returns the
// first error.
func CompileAll() error {
	mu.Lock()
	rs := append([]*Regexp(nil), all...)
	mu.Unlock()
	for _, r := range rs {
		if _, err := regexp.Compile(r.expr); err != nil {
			return err
		}
	}
	return nil
}

// Regexp returns the compiled expression.
func (r *Regexp) Regexp() *regexp.Regexp {
	r.once.Do(func() { r.re = regexp.MustCompile(r.expr) })
	return r.re
}

func (r *Regexp) String() string                   { return r.expr }
func (r *Regexp) NumSubexp() int                   { return r.Regexp().NumSubexp() }
func (r *Regexp) SubexpNames() []string            { return r.Regexp().SubexpNames() }
func (r *Regexp) SubexpIndex(name string) int      { return r.Regexp().SubexpIndex(name) }
func (r *Regexp) Match(b []byte) bool              { return r.Regexp().Match(b) }
func (r *Regexp) MatchString(s string) bool        { return r.Regexp().MatchString(s) }
func (r *Regexp) Find(b []byte) []byte             { return r.Regexp().Find(b) }
func (r *Regexp) FindIndex(b []byte) []int         { return r.Regexp().FindIndex(b) }
func (r *Regexp) FindString(s string) string       { return r.Regexp().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int   { return r.Regexp().FindStringIndex(s) }
func (r *Regexp) FindSubmatch(b []byte) [][]byte   { return r.Regexp().FindSubmatch(b) }
func (r *Regexp) FindSubmatchIndex(b []byte) []int { return r.Regexp().FindSubmatchIndex(b) }
func (r *Regexp) FindStringSubmatch(s string) []string {
	return r.Regexp().FindStringSubmatch(s)
}
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.Regexp().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAll(b []byte, n int) [][]byte { return r.Regexp().FindAll(b, n) }
func (r *Regexp) FindAllIndex(b []byte, n int) [][]int {
	return r.Regexp().FindAllIndex(b, n)
}
func (r *Regexp) FindAllString(s string, n int) []string {
	return r.Regexp().FindAllString(s, n)
}
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Regexp().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte {
	return r.Regexp().FindAllSubmatch(b, n)
}
func (r *Regexp) FindAllSubmatchIndex(b []byte, n int) [][]int {
	return r.Regexp().FindAllSubmatchIndex(b, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.Regexp().FindAllStringSubmatch(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Regexp().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) ReplaceAll(src, repl []byte) []byte { return r.Regexp().ReplaceAll(src, repl) }
func (r *Regexp) ReplaceAllFunc(src []byte, repl func([]byte) []byte) []byte {
	return r.Regexp().ReplaceAllFunc(src, repl)
}
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.Regexp().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllLiteralString(src, repl string) string {
	return r.Regexp().ReplaceAllLiteralString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.Regexp().ReplaceAllStringFunc(src, repl)
}
func (r *Regexp) Split(s string, n int) []string { return r.Regexp().Split(s, n) }
