// Command gcl is golangci-lint with the migguard plugin compiled in, built
// the way `golangci-lint custom` builds it but from the Go module proxy
// alone (custom clones golangci-lint with git). .ci/setup.d/golangci builds
// it for the tests; users build theirs with `golangci-lint custom` and the
// .custom-gcl.yml of the README.
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
