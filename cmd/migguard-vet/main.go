// Command migguard-vet runs migguard's analyzers under go vet:
//
//	go install ./cmd/migguard-vet   # in a migguard checkout; or …/cmd/migguard-vet@<commit or tag>
//	go vet -vettool=$(which migguard-vet) ./...
//
// It reports risky SQL in migrations that Go code runs or embeds
// (migrationsql) and models that drifted from the schema the migrations
// build (modelschema). Flags are prefixed with the analyzer's name:
//
//	-migrationset.dir=db/migrations   only these migration directories, for models
//	                                  (default: the project's sets, as `migguard sets` lists them)
//	-migrationset.config=path         .migguard.yaml (default: found from each package)
//	-migrationset.pg=15               PostgreSQL version the migrations target
//	-migrationset.key=<hash>          ignored (kept for old scripts)
//	-migrationsql / -modelschema      run only the analyzers named
//
// go vet caches each package's verdict under a key made of the package's
// files, its dependencies, the flags and the id of this tool, which it
// asks for once per run (-V=full). The id printed here adds the key of the
// module's index (package migrationset): the configuration, every
// migration file and the Go code of other packages that the verdicts read.
// When one of them changes, go vet analyses again: no verdict is stale.
//
// `migguard-vet help` lists the analyzers and `migguard-vet help <name>`
// documents one. The import graph of this command holds no database or git
// package: only the parser, the rules and the schema replay.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/migguard/migguard/analyzers"
	"github.com/migguard/migguard/analyzers/migrationset"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		printVersion()
		return
	}
	unitchecker.Main(analyzers.Suite...)
}

// printVersion answers go vet's -V=full as unitchecker does (the
// executable's hash as the build id), with the key of the index of the
// module go vet runs in hashed into the id.
func printVersion() {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	h := sha256.New()
	f, err := os.Open(exe)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir, _ := os.Getwd()
	key, err := migrationset.ToolKey(dir)
	if err != nil {
		key = "error: " + err.Error() // the analyzers report it; the id still changes with it
	}
	fmt.Fprintf(h, "\nmigguard index %s\n", key)
	fmt.Printf("%s version devel comments-go-here buildID=%02x\n", exe, h.Sum(nil))
}
