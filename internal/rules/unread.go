package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// markUnread counts the relations that a statement names and the schema
// does not know as created earlier in the file, when SQL that migguard
// cannot read ran before the statement (migrations.File.Unread: Go code
// that builds its SQL at run time): that SQL may have created them, and
// every rule then treats them as new, not as tables others are using.
func markUnread(p *Pass, s *pgparse.Stmt) {
	if len(p.File.Unread) == 0 || p.File.Unread[0] > s.Start || s.Node == nil {
		return
	}
	eachRangeVar(s.Node, func(rv *pgparse.RangeVar) {
		if rv.Relname != "" && p.Catalog.TableFor(rv) == nil {
			if key := schema.RelKey(rv); !hasKey(p.Tx.created, key) {
				p.Tx.created[key] = p.Tx.ID
			}
		}
	})
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}
