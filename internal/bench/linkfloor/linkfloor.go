// Linkfloor is the start-up floor of migguard's executable as linked: its
// main can call the command-line package that cmd/migguard runs, so that
// the linker keeps every package and function of migguard as it does for
// cmd/migguard, but it returns without running a command (unless
// MIGGUARD_LINKFLOOR_RUN is set, which nothing sets). .ci/bench times it
// beside an empty lint: the difference is the work of the lint itself,
// and this program's time over depsfloor's is what linking and
// initialising migguard's own packages costs.
//
// Usage:
//
//	go run ./internal/bench/linkfloor
package main

import (
	"os"

	"github.com/migguard/migguard/internal/cli"
)

func main() {
	// A call the linker cannot prove away keeps all of migguard linked.
	if os.Getenv("MIGGUARD_LINKFLOOR_RUN") != "" {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
}
