package rules

import (
	"sort"
	"strconv"

	"github.com/migguard/migguard/internal/pgparse"
)

// This file holds what rules say about DO blocks. The engine lints the
// SQL statements that a DO block's PL/pgSQL body runs (its static
// statements, and EXECUTE of a string constant) as statements of the
// migration, right after the DO statement, at their own line and column
// (pgparse.ExpandDo): migrations put DDL in DO blocks to make it
// conditional, and it takes the same locks there. The block is one
// statement, so its statements share a transaction even when the file
// runs statement by statement (txTracker.step).
//
//	DO $$
//	BEGIN
//	  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_idx') THEN
//	    CREATE INDEX users_email_idx ON users (email);   -- linted as a statement: create-index-non-concurrently
//	  END IF;
//	  EXECUTE format('ANALYZE %I', 'users');             -- not-analysed: SQL built at run time
//	END $$;

// enclosingBlock returns the DO statement whose body holds the current
// statement, nil when it is not in a DO block.
func enclosingBlock(p *Pass) *pgparse.Stmt {
	if p.Stmt == nil {
		return nil
	}
	for ; p.dosRead < len(p.Stmts); p.dosRead++ {
		if p.Stmts[p.dosRead].Block != nil {
			p.dos = append(p.dos, p.dosRead)
		}
	}
	// The innermost block is the last DO before the statement that holds it.
	for k := sort.SearchInts(p.dos, p.Index) - 1; k >= 0; k-- {
		s := p.Stmts[p.dos[k]]
		if s.Start <= p.Stmt.Start && p.Stmt.End <= s.End {
			return s
		}
	}
	return nil
}

// blockWhere says where a statement of a DO block runs, for messages:
// `in the DO block on line 4`.
func blockWhere(p *Pass, do *pgparse.Stmt) string {
	return "in the DO block on line " + strconv.Itoa(lineOf(p, do.Start))
}

// checkDoBlock reports, as not-analysed, what migguard cannot read of a
// DO block: EXECUTE of SQL built at run time, and a body that the
// PL/pgSQL parser rejects.
func checkDoBlock(p *Pass) {
	b := p.Stmt.Block
	if b == nil {
		return
	}
	if b.Err != nil {
		p.ReportAt(p.Stmt.Start, "the body of this DO block is not analysed: PL/pgSQL's parser does not read it (%s)", b.Err.Message)
		return
	}
	for _, off := range b.Dynamic {
		p.ReportAt(off, "EXECUTE of SQL built at run time on line %d is not analysed: only static statements and EXECUTE of a string constant are read in a DO block",
			lineOf(p, off))
	}
}
