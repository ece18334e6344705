package apply

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgtest"
	"github.com/migguard/migguard/internal/rules"
)

// TestLockClaims runs the bad fixture of every SQL rule
// (internal/rules/testdata/<rule>/bad.sql) on a scratch PostgreSQL
// database that holds what the fixture takes to exist already
// (testdata/claims/<rule>.sql, applied first), statement by statement as their
// transaction model says, the way migguard apply runs a branch's
// migrations: it reads pg_locks while each statement's transaction is
// open and compares relfilenodes before and after it. Every lock that a
// finding names and every rewrite that lint predicts must be what
// PostgreSQL did: the lock held, no stronger one taken, the storage
// replaced, and no storage replaced that lint did not predict.
//
// A rule that names a lock must have at least one finding whose claim
// PostgreSQL confirms, unless unverifiable says why it cannot.
func TestLockClaims(t *testing.T) {
	pgtest.URL(t)
	paths, _ := filepath.Glob(filepath.Join("..", "rules", "testdata", "*", "bad.sql"))
	if len(paths) == 0 {
		t.Fatal("no bad fixtures in internal/rules/testdata")
	}
	confirmed, unobserved := map[string]int{}, map[string]int{}
	for _, p := range paths {
		id := filepath.Base(filepath.Dir(p))
		t.Run(id, func(t *testing.T) {
			setup, err := os.ReadFile(filepath.Join("testdata", "claims", id+".sql"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			c, u := claimsOf(t, p, string(setup))
			for rule, n := range c {
				confirmed[rule] += n
			}
			for rule, n := range u {
				unobserved[rule] += n
			}
		})
	}
	for _, r := range rules.SQL() {
		_, skip := unverifiable[r.ID]
		switch {
		case r.Lock == "" || skip && confirmed[r.ID] == 0:
		case confirmed[r.ID] == 0 && unobserved[r.ID] > 0:
			t.Logf("%s: its lock claims ran outside a transaction block, between two samples of pg_locks", r.ID)
		case skip:
			t.Errorf("%s: PostgreSQL confirms %d of its lock claims now: take it out of unverifiable", r.ID, confirmed[r.ID])
		case confirmed[r.ID] == 0:
			t.Errorf("%s names the lock %q, but no finding of its bad fixture was confirmed on PostgreSQL", r.ID, r.Lock)
		}
	}
}

// unverifiable are the rules that name a lock whose claim no run of their
// bad fixture can confirm on the test's server, and why.
var unverifiable = map[string]string{
	"set-tablespace": "every statement of its fixture names a tablespace, which only a superuser creates, on a directory of the server: the role the migrations run as cannot",
}

// knownMismatches are the claims that PostgreSQL contradicts and that are
// left as they are, by fixture, part and line, with the reason. The test
// fails when one of them is confirmed, so the list stays true.
var knownMismatches = map[string]string{
	"set-access-method/bad.sql#1:4": "the server has no access method but heap, so SET ACCESS METHOD heap on a materialized view that uses heap already changes nothing; " +
		"lint does not track the access method of a relation and takes every SET ACCESS METHOD for a rewrite",
}

// claimsOf applies one fixture and checks the predictions of its
// statements; it returns the number of confirmed lock claims by rule, and
// of those apply could not observe.
func claimsOf(t *testing.T, path, schema string) (confirmed, unobserved map[string]int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	switch {
	case strings.Contains(src, "-- fixture:file ") || fixturePG.MatchString(src):
		t.Skip("a layout fixture, or one for another PostgreSQL version")
	case strings.Contains(strings.ToLower(src), "from stdin"):
		t.Skip("COPY … FROM stdin: apply does not send psql's inline data")
	}
	base, err := migrations.ParseFile(migrations.Plain, "setup.sql", []byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	set := &migrations.Set{Dir: "fixture", Format: migrations.Plain, Files: append([]*migrations.File{base}, fixtureFiles(t, path, src)...)}
	admin, migrator := pgtest.RoleClone(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Target{URL: migrator, AdminURL: admin}, Options{Set: set, New: func(f *migrations.File) bool { return f != base },
		Rows: -1, Lint: rules.Options{PG: serverVersion(t, admin)}, keepGoing: true, LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	out, missed := map[string]int{}, map[string]int{}
	for _, f := range rep.Files {
		for _, s := range f.Statements {
			where := fmt.Sprintf("%s:%d", strings.TrimPrefix(filepath.ToSlash(s.Path), "../rules/testdata/"), s.Line)
			known, isKnown := knownMismatches[where]
			mismatched := false
			for _, p := range s.Predictions {
				switch {
				case p.Verdict == Unobserved:
					t.Logf("%s: %s\n    %s", where, s.Text, p)
					for _, r := range p.Rules {
						missed[r]++
					}
					continue
				case p.Verdict != Confirmed && isKnown:
					t.Logf("%s: %s\n    %s\n    known: %s", where, s.Text, p, known)
					mismatched = true
					continue
				case p.Verdict != Confirmed:
					t.Errorf("%s: %s\n    %s", where, s.Text, p)
					continue
				}
				if p.Lock != "" {
					for _, r := range p.Rules {
						out[r]++
					}
				}
			}
			if isKnown && !mismatched && s.Error == nil {
				t.Errorf("%s: PostgreSQL confirms what lint says now: take it out of knownMismatches", where)
			}
			if s.Error != nil {
				t.Logf("%s: not checked, the statement fails: %s", where, s.Error.Message)
			}
		}
	}
	return out, missed
}

var (
	fixturePG     = regexp.MustCompile(`(?m)^-- fixture:pg `)
	fixtureFormat = regexp.MustCompile(`(?m)^-- fixture:format (\S+)`)
)

// fixtureFiles splits a fixture into migration files as the rules'
// harness does: `-- fixture:next-file` separates them, each keeps the
// fixture's line numbers, `-- fixture:format` reads them with a format's
// reader, and `-- migguard:tx` sets the transaction model of the others
// (wrapped by default).
func fixtureFiles(t *testing.T, path, src string) []*migrations.File {
	parts := strings.Split(src, "-- fixture:next-file")
	var format migrations.Format
	if m := fixtureFormat.FindStringSubmatch(src); m != nil {
		format = migrations.Format(m[1])
	}
	var out []*migrations.File
	off := 0
	for i, p := range parts {
		text := blankExcept(src, off, off+len(p))
		name := fmt.Sprintf("%s#%d", path, i+1)
		f := &migrations.File{Path: name, Version: strconv.Itoa(i + 1), Src: text, Up: text, Tx: migrations.TxWrapped}
		if format != "" {
			var err error
			if f, err = migrations.ParseFile(format, name, []byte(text)); err != nil {
				t.Fatal(err)
			}
		} else if mode, _, ok := migrations.TxDirective(p); ok {
			f.Tx = mode
		}
		out = append(out, f)
		off += len(p) + len("-- fixture:next-file")
	}
	return out
}

func blankExcept(src string, start, end int) string {
	b := []byte(src)
	for i := range b {
		if (i < start || i >= end) && b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// serverVersion returns the PostgreSQL version of the server at url,
// which lint judges the fixtures for.
func serverVersion(t *testing.T, url string) rules.Version {
	t.Helper()
	var s string
	if err := pgtest.Connect(t, url).QueryRow(context.Background(), "SHOW server_version_num").Scan(&s); err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(s)
	return rules.Version{Major: n / 10000, Minor: n % 100}
}
