package rules

import "github.com/migguard/migguard/internal/pgparse"

// This file holds what the data-change rules share: the UPDATE, DELETE,
// INSERT … SELECT or MERGE a statement makes, and whether its condition
// bounds the rows it touches.

// dataChange is an UPDATE, DELETE, INSERT … SELECT or MERGE: a statement
// that changes the rows of a table, as many as its condition selects.
type dataChange struct {
	verb  string // "UPDATE", "DELETE FROM", "INSERT INTO", "MERGE INTO"
	rel   *pgparse.RangeVar
	where *pgparse.Node // the WHERE (or MERGE join) condition; nil for none
	// sources are the relations an INSERT … SELECT or MERGE reads.
	sources []*pgparse.RangeVar
}

// unbounded reports whether the change may touch every row: it has no
// condition, or one that boundsRows does not see bounded.
func (dc *dataChange) unbounded(stmt *pgparse.Node) bool {
	return dc.where == nil || !boundsRows(dc.where, stmt)
}

// readsExisting returns the first relation an INSERT … SELECT or MERGE
// reads that existed before the file, or nil.
func (dc *dataChange) readsExisting(p *Pass) *pgparse.RangeVar {
	for _, rv := range dc.sources {
		if !p.IsNew(rv) {
			return rv
		}
	}
	return nil
}

// dataChangeOf returns the data change a statement makes, or nil. An
// INSERT of VALUES or of a SELECT without FROM is not one: it writes the
// rows it lists.
func dataChangeOf(n *pgparse.Node) *dataChange {
	switch s := n.GetNode().(type) {
	case *pgparse.Node_UpdateStmt:
		return &dataChange{verb: "UPDATE", rel: s.UpdateStmt.Relation, where: s.UpdateStmt.WhereClause}
	case *pgparse.Node_DeleteStmt:
		return &dataChange{verb: "DELETE FROM", rel: s.DeleteStmt.Relation, where: s.DeleteStmt.WhereClause}
	case *pgparse.Node_InsertStmt:
		sel := s.InsertStmt.SelectStmt.GetSelectStmt()
		if sel == nil || len(sel.FromClause) == 0 {
			return nil
		}
		return &dataChange{verb: "INSERT INTO", rel: s.InsertStmt.Relation, where: sel.WhereClause,
			sources: selectSources(sel, s.InsertStmt.WithClause)}
	case *pgparse.Node_MergeStmt:
		m := s.MergeStmt
		dc := &dataChange{verb: "MERGE INTO", rel: m.Relation, where: m.JoinCondition}
		if rv := m.SourceRelation.GetRangeVar(); rv != nil {
			dc.sources = append(dc.sources, rv)
		}
		return dc
	}
	return nil
}

// boundsRows reports whether a statement's row selection is bounded by a
// value written in it: a constant or parameter anywhere in its WHERE
// clause, or a LIMIT anywhere in the statement (a batch). A WHERE made only
// of column tests such as `c IS NULL` or a join condition selects rows by
// the data, and may select all of them.
func boundsRows(where *pgparse.Node, stmt *pgparse.Node) bool {
	hasConst := pgparse.Search(where, func(n *pgparse.Node) bool {
		switch n.GetNode().(type) {
		case *pgparse.Node_AConst, *pgparse.Node_ParamRef:
			return true
		}
		return false
	})
	if hasConst {
		return true
	}
	return pgparse.Search(stmt, func(n *pgparse.Node) bool {
		sel := n.GetSelectStmt()
		return sel != nil && sel.LimitCount != nil
	})
}
