package usage

import (
	"bytes"
	"unsafe"

	"github.com/migguard/migguard/internal/alembic"
	"github.com/migguard/migguard/internal/rules"
)

// pythonFile adds the SQLAlchemy models of a Python file (declarative
// classes with __tablename__ and Table(...)s) and the queries of its
// string literals (text("SELECT …"), cursor.execute("UPDATE …")).
func (ix *Index) pythonFile(name string, src []byte) {
	if maySQL(src, pythonQuotes) {
		// The literals are read in place: src is not changed, and what
		// the index keeps of a query is copied from it.
		for _, lit := range alembic.StringLiterals(unsafe.String(unsafe.SliceData(src), len(src))) {
			ix.sql(name, lit.Line, lit.Value)
		}
	}
	if !bytes.Contains(src, []byte("__tablename__")) && !bytes.Contains(src, []byte("Table(")) {
		return
	}
	for _, m := range alembic.ReadModels(src, nil) {
		if m.Table == "" {
			continue
		}
		sch, tbl := splitTable(m.Table)
		what, field := "SQLAlchemy model "+m.Name, " attribute "
		if m.Name == m.Table {
			what, field = "SQLAlchemy Table "+m.Name, " column "
		}
		model := rules.CodeUse{Path: name, Line: m.Line, What: what}
		ix.addTable(sch, tbl, model)
		cols, whole := []string{}, true
		for _, c := range m.Columns {
			whole = whole && c.Known && c.Name != ""
			if c.Name == "" {
				continue
			}
			cols = append(cols, c.Name)
			line := c.Line
			if line == 0 {
				line = m.Line // a Table(...)'s columns are at the Table
			}
			ix.addColumn(sch, tbl, c.Name, rules.CodeUse{Path: name, Line: line, What: what + field + c.Attr, SQLType: c.Type})
		}
		if whole {
			ix.addInsert(sch, tbl, rules.CodeInsert{CodeUse: model, Columns: cols})
		}
	}
}
