package rules

import "fmt"

// ReportLockWork is ReportWork for a finding whose statement takes
// another lock than the rule's Lock names in general (a foreign key added
// with its column takes ACCESS EXCLUSIVE, not SHARE ROW EXCLUSIVE): the
// finding carries lock, which `migguard apply` checks against pg_locks.
func (p *Pass) ReportLockWork(loc int32, lock Lock, work Work, format string, args ...any) {
	off := p.File.Len()
	if p.Stmt != nil {
		off = p.Stmt.Offset(loc)
	}
	p.reportAt(off, lock.String(), work, fmt.Sprintf(format, args...))
}
