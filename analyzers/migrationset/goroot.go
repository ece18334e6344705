package migrationset

import "go/build"

// goroot returns the GOROOT the go command would use.
func goroot() string { return build.Default.GOROOT }
