// Command golangci-lint is golangci-lint with the migguard plugin compiled
// in, as `golangci-lint custom` builds it, but from the Go module proxy
// alone. migguard's README shows this file for users to copy; the tests
// build it from here (.ci/setup.d/golangci).
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/migguard/migguard/analyzers/golangci"
)

func main() {
	// An empty Version makes golangci-lint salt its cache with the hash of
	// this executable, so a rebuilt plugin never meets results of the old one.
	if err := commands.Execute(commands.BuildInfo{}); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
