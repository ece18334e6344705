// Depsfloor is the start-up floor that migguard's fixed dependencies set:
// it links every package of go-git (with its file-system interface,
// go-billy), pgx and pg_query_go that migguard's executable imports, so
// that their initialisation and the Go runtime's run as they do in
// migguard, and then does nothing. .ci/bench times it beside an empty
// lint and squawk's: no change inside migguard makes an empty run start
// faster than this program.
//
// Usage:
//
//	go run ./internal/bench/depsfloor
//
// The test keeps the imports equal to what ./cmd/migguard imports from
// those modules.
package main

import (
	_ "github.com/go-git/go-billy/v5/osfs"
	_ "github.com/go-git/go-git/v5/config"
	_ "github.com/go-git/go-git/v5/plumbing"
	_ "github.com/go-git/go-git/v5/plumbing/cache"
	_ "github.com/go-git/go-git/v5/plumbing/filemode"
	_ "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	_ "github.com/go-git/go-git/v5/plumbing/format/config"
	_ "github.com/go-git/go-git/v5/plumbing/format/index"
	_ "github.com/go-git/go-git/v5/plumbing/hash"
	_ "github.com/go-git/go-git/v5/plumbing/storer"
	_ "github.com/go-git/go-git/v5/storage/filesystem"
	_ "github.com/go-git/go-git/v5/storage/filesystem/dotgit"
	_ "github.com/go-git/go-git/v5/storage/memory"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/pgconn/ctxwatch"
	_ "github.com/pganalyze/pg_query_go/v5/parser"
)

func main() {}
