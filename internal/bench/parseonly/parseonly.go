// Parseonly is the floor for linting a corpus: it reads every .sql file
// under the given directories and splits and parses each with
// pgparse.Parse, the same call the linter makes, and nothing else. By
// default files are handled one after another, as the linter handles the
// files of one migration set; -j N parses with N goroutines instead.
//
// Usage:
//
//	go run ./internal/bench/parseonly [-j N] DIR...
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/migguard/migguard/internal/pgparse"
)

type count struct{ files, bytes, stmts, errs int }

func (c *count) add(o count) {
	c.files += o.files
	c.bytes += o.bytes
	c.stmts += o.stmts
	c.errs += o.errs
}

func main() {
	jobs := flag.Int("j", 1, "number of files parsed at once")
	flag.Parse()
	if flag.NArg() == 0 || *jobs < 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/bench/parseonly [-j N] DIR...")
		os.Exit(2)
	}
	start := time.Now()
	paths, err := sqlFiles(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "parseonly:", err)
		os.Exit(1)
	}
	var total count
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	next := make(chan string)
	for range *jobs {
		wg.Go(func() {
			var c count
			for path := range next {
				data, err := os.ReadFile(path)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				c.files++
				c.bytes += len(data)
				for _, s := range pgparse.Parse(string(data)) {
					c.stmts++
					if s.Err != nil {
						c.errs++
					}
				}
			}
			mu.Lock()
			total.add(c)
			mu.Unlock()
		})
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, "parseonly:", firstErr)
		os.Exit(1)
	}
	fmt.Printf("parsed %d files, %d bytes: %d statements, %d syntax errors in %v\n",
		total.files, total.bytes, total.stmts, total.errs, time.Since(start).Round(time.Millisecond))
}

// sqlFiles lists the .sql files under dirs in lexical order.
func sqlFiles(dirs []string) ([]string, error) {
	var out []string
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
				out = append(out, path)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
