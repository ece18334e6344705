package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// domainConstraintScan flags ALTER DOMAIN statements that check every
// value of the domain stored in existing tables: ADD CONSTRAINT … CHECK
// without NOT VALID, SET NOT NULL, and VALIDATE CONSTRAINT.
//
//	ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0);           -- flagged
//	ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0) NOT VALID; -- fine (new values only)
var domainConstraintScan = &Rule{
	ID:       "domain-constraint-scan",
	Peers:    []string{"squawk:ban-alter-domain-with-add-constraint"},
	Fails:    []Failure{{SQLState: "23514"}, {SQLState: "23502"}},
	Title:    "domain constraint checks every table that uses the domain while blocking writes",
	Severity: Error,
	Lock:     "SHARE on every table with a column of the domain",
	Detects: "`ALTER DOMAIN … ADD CONSTRAINT … CHECK (…)` without `NOT VALID`, `ALTER DOMAIN … SET NOT NULL`, " +
		"`ALTER DOMAIN … ADD CONSTRAINT … NOT NULL` and `ALTER DOMAIN … VALIDATE CONSTRAINT` on a domain that existed " +
		"before this migration. A domain created earlier in the same file is exempt.",
	Why: "PostgreSQL checks the new constraint against every stored value: it takes SHARE on every table that has a " +
		"column of the domain, scans each of them, and holds those locks until the transaction ends. No INSERT, UPDATE " +
		"or DELETE can run on any of those tables meanwhile. Unlike a table's VALIDATE CONSTRAINT, the domain's " +
		"VALIDATE CONSTRAINT takes the same SHARE lock for its scan (verified on PostgreSQL 15; PostgreSQL's source " +
		"still does so in later releases): NOT VALID moves the scan to a later transaction but does not make it " +
		"non-blocking.",
	Fix: "Prefer CHECK constraints on the tables' columns, which have the online recipe (`ADD CONSTRAINT … CHECK (…) " +
		"NOT VALID`, then `VALIDATE CONSTRAINT` under SHARE UPDATE EXCLUSIVE). If the constraint must be on the domain, " +
		"add it `NOT VALID` (new and updated values are checked from then on) and run `ALTER DOMAIN … VALIDATE " +
		"CONSTRAINT` in a quiet window, with a lock_timeout, in a transaction of its own.",
	Help: "put the CHECK on the tables (NOT VALID + VALIDATE), or add it NOT VALID and validate in a quiet window",
	Check: func(p *Pass) {
		ad := p.Node().GetAlterDomainStmt()
		if ad == nil || domainIsNew(p, ad) {
			return
		}
		what := domainWhat(ad)
		if what == "" {
			return
		}
		for _, it := range statementWork(p, p.Node()) {
			p.reportItem(it, LockNone, "ALTER DOMAIN %q %s: %s", displayKey(domainKey(ad)), what, domainVictims(p, ad))
		}
	},
}

func init() { Register(domainConstraintScan) }

// domainVictims says whose writes wait: the tables the migrations show
// with a column of the domain, or every table that has one.
func domainVictims(p *Pass, ad *pgparse.AlterDomainStmt) string {
	key := domainKey(ad)
	var tables []*schema.Table
	for _, t := range p.Catalog.Tables() {
		for _, c := range t.Columns {
			if !c.Type.Array && typeKey(c.Type.Name) == key {
				tables = append(tables, t)
				break
			}
		}
	}
	if len(tables) == 0 {
		return "every table with a column of the domain is locked in SHARE and scanned, and writes to it wait until the transaction ends"
	}
	return "it locks " + quotedTables(tables, 5) + " in SHARE and scans them, and writes to them wait until the transaction ends"
}

// typeKey is the catalog key of a type name as written ("pos", "app.pos").
func typeKey(name string) string {
	if sch, n, ok := strings.Cut(name, "."); ok {
		return schema.Key(sch, n)
	}
	return schema.Key("", name)
}
