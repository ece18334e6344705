// Linkfloor is the start-up floor of migguard's executable as linked: it
// imports the command-line package that cmd/migguard runs, so that every
// package of migguard and of its dependencies is linked and initialised
// as in migguard, and then returns without running a command. .ci/bench
// times it beside an empty lint: the difference is the work of the lint
// itself, and this program's time over depsfloor's is what linking
// migguard's own packages costs.
//
// Usage:
//
//	go run ./internal/bench/linkfloor
package main

import _ "github.com/migguard/migguard/internal/cli"

func main() {}
