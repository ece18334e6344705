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
//	-migrationset.key=<hash>          a hash of migrations read from disk, for go vet's
//	                                  cache: $(migguard sets -key)
//	-migrationsql / -modelschema      run only the analyzers named
//
// `migguard-vet help` lists the analyzers and `migguard-vet help <name>`
// documents one. The import graph of this command holds no database or git
// package: only the parser, the rules and the schema replay.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/migguard/migguard/analyzers"
)

func main() { unitchecker.Main(analyzers.Suite...) }
