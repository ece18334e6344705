package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
)

// duplicateColumnAssignment flags a column named twice where each name
// should appear once: the SET list of an UPDATE (or ON CONFLICT DO
// UPDATE, or a MERGE action), the column list of an INSERT (or a MERGE
// action), the columns of CREATE [FOREIGN] TABLE, the column names of a
// view or of a table made from a query, and the commands of one ALTER
// TABLE.
//
//	UPDATE users SET plan = 'pro', plan = 'free' WHERE id = 1;           -- flagged
//	ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'a',
//	                  ALTER COLUMN plan SET DEFAULT 'b';                 -- flagged
//	UPDATE users SET tags[1] = 'a', tags[2] = 'b';                       -- fine
var duplicateColumnAssignment = &Rule{
	ID:       "duplicate-column-assignment",
	Peers:    []string{"squawk:ban-duplicate-column-assignments"},
	Title:    "the same column is assigned twice in one statement",
	Severity: Warning,
	Detects: "A column named twice in the SET list of an UPDATE, of INSERT … ON CONFLICT DO UPDATE or of a MERGE " +
		"UPDATE action, in the column list of an INSERT or of a MERGE INSERT action, among the columns of a CREATE " +
		"TABLE or CREATE FOREIGN TABLE, in the column names of a view, materialized view, CREATE TABLE … AS or " +
		"SELECT … INTO (its column list, or the aliases and plain column references of its query), or by two commands of the same kind (ADD COLUMN, " +
		"TYPE, SET DEFAULT, SET/DROP NOT NULL, DROP COLUMN…) in one ALTER TABLE. Assignments to different elements or " +
		"fields of one column (`SET tags[1] = …, tags[2] = …`) are allowed by PostgreSQL and are not flagged.",
	Why: "It is almost always a copy-paste mistake that hides the intended value. PostgreSQL rejects most forms " +
		"(`multiple assignments to same column`, `column specified more than once`, `cannot alter type of column " +
		"twice`), which fails the migration, often only once it reaches a real database; for the forms it accepts " +
		"(two SET DEFAULT, SET STATISTICS…) only the last one takes effect.",
	Fix:  "Keep one assignment per column, with the intended value.",
	Help: "remove the duplicate so that each column is named once",
	Check: func(p *Pass) {
		visit := func(n *pgparse.Node) bool {
			dupVisit(p, n)
			return true
		}
		// An UPDATE or INSERT is either the statement itself or a
		// data-modifying WITH query, which PostgreSQL only allows at the
		// top level: looking there spares a walk of the whole tree.
		n := p.Node()
		visit(n)
		var with *pgparse.WithClause
		switch s := n.GetNode().(type) {
		case *pgparse.Node_UpdateStmt:
			with = s.UpdateStmt.WithClause
		case *pgparse.Node_InsertStmt:
			with = s.InsertStmt.WithClause
		case *pgparse.Node_DeleteStmt:
			with = s.DeleteStmt.WithClause
		case *pgparse.Node_SelectStmt:
			with = s.SelectStmt.WithClause
		case *pgparse.Node_MergeStmt:
			with = s.MergeStmt.WithClause
		case *pgparse.Node_ExplainStmt, *pgparse.Node_CopyStmt, *pgparse.Node_CreateTableAsStmt,
			*pgparse.Node_RuleStmt, *pgparse.Node_PrepareStmt:
			// Statements that wrap another one; n itself was visited.
			pgparse.Walk(n, func(x *pgparse.Node) bool { return x == n || visit(x) })
		}
		for _, c := range with.GetCtes() {
			visit(c.GetCommonTableExpr().GetCtequery())
		}
	},
}

func init() { Register(duplicateColumnAssignment) }

// rejectedTwice is PostgreSQL's answer to a column named twice in a list
// that defines columns.
const rejectedTwice = "PostgreSQL rejects it (column specified more than once)"

// dupVisit reports the repeated columns of one statement.
func dupVisit(p *Pass, n *pgparse.Node) {
	switch s := n.Node.(type) {
	case *pgparse.Node_UpdateStmt:
		dupTargets(p, s.UpdateStmt.TargetList, "is assigned twice in the SET list of UPDATE "+quoteName(displayRel(s.UpdateStmt.Relation)),
			"PostgreSQL rejects it (multiple assignments to same column)")
	case *pgparse.Node_InsertStmt:
		rel := quoteName(displayRel(s.InsertStmt.Relation))
		dupTargets(p, s.InsertStmt.Cols, "is listed twice in INSERT INTO "+rel, rejectedTwice)
		if oc := s.InsertStmt.OnConflictClause; oc != nil {
			dupTargets(p, oc.TargetList, "is assigned twice in ON CONFLICT DO UPDATE of "+rel,
				"PostgreSQL rejects it (multiple assignments to same column)")
		}
	case *pgparse.Node_MergeStmt:
		dupMerge(p, s.MergeStmt)
	case *pgparse.Node_CreateStmt:
		dupColumnDefs(p, s.CreateStmt, "CREATE TABLE")
	case *pgparse.Node_CreateForeignTableStmt:
		dupColumnDefs(p, s.CreateForeignTableStmt.BaseStmt, "CREATE FOREIGN TABLE")
	case *pgparse.Node_ViewStmt:
		v := s.ViewStmt
		dupOutput(p, v.Aliases, v.Query.GetSelectStmt(), "of view "+quoteName(displayRel(v.View)))
	case *pgparse.Node_CreateTableAsStmt:
		c := s.CreateTableAsStmt
		kind := "table"
		if c.Objtype == pgparse.ObjectType_OBJECT_MATVIEW {
			kind = "materialized view"
		}
		dupOutput(p, c.GetInto().GetColNames(), c.Query.GetSelectStmt(), "of "+kind+" "+quoteName(displayRel(c.GetInto().GetRel())))
	case *pgparse.Node_SelectStmt:
		if into := s.SelectStmt.IntoClause; into != nil {
			dupOutput(p, into.ColNames, s.SelectStmt, "of table "+quoteName(displayRel(into.Rel))+" made by SELECT … INTO")
		}
	case *pgparse.Node_AlterTableStmt:
		dupAlterCommands(p, s.AlterTableStmt)
	}
}

// dupColumnDefs reports a column defined twice in CREATE [FOREIGN] TABLE.
func dupColumnDefs(p *Pass, cs *pgparse.CreateStmt, verb string) {
	seen := map[string]bool{}
	for _, e := range cs.GetTableElts() {
		cd := e.GetColumnDef()
		if cd == nil {
			continue
		}
		if seen[cd.Colname] {
			p.Report(columnLoc(cd), "column %q is defined twice in %s %q: %s", cd.Colname, verb, displayRel(cs.Relation), rejectedTwice)
		}
		seen[cd.Colname] = true
	}
}

// dupMerge reports a column assigned twice by one UPDATE action of MERGE,
// or listed twice by one of its INSERT actions.
func dupMerge(p *Pass, m *pgparse.MergeStmt) {
	rel := quoteName(displayRel(m.Relation))
	for _, w := range m.MergeWhenClauses {
		wc := w.GetMergeWhenClause()
		switch wc.GetCommandType() {
		case pgparse.CmdType_CMD_UPDATE:
			dupTargets(p, wc.TargetList, "is assigned twice in MERGE INTO "+rel+" … UPDATE SET",
				"PostgreSQL rejects it (multiple assignments to same column)")
		case pgparse.CmdType_CMD_INSERT:
			dupTargets(p, wc.TargetList, "is listed twice in MERGE INTO "+rel+" … INSERT", rejectedTwice)
		}
	}
}

// dupOutput reports a column name that the column list of a view or of a
// table made from a query gives twice, or, without a list, that the
// query's output gives twice: an alias, or the name PostgreSQL gives an
// output column (figureColname: `SELECT a, b AS a`, `SELECT 1, 2`, both
// named ?column?).
func dupOutput(p *Pass, aliases []*pgparse.Node, sel *pgparse.SelectStmt, of string) {
	if len(aliases) > 0 {
		seen := map[string]bool{}
		for _, a := range strs(aliases) {
			if seen[a] {
				p.Report(-1, "column %q is named twice in the column list %s: %s", a, of, rejectedTwice)
			}
			seen[a] = true
		}
		return
	}
	for sel != nil && sel.Op != pgparse.SetOperation_SETOP_NONE {
		sel = sel.Larg // a set operation's columns are named by its first branch
	}
	seen := map[string]bool{}
	for _, t := range sel.GetTargetList() {
		rt := t.GetResTarget()
		name := rt.GetName()
		if name == "" {
			name, _ = figureColname(rt.GetVal())
		}
		if name == "" {
			continue
		}
		if seen[name] {
			loc := rt.Location
			if loc <= 0 {
				loc = -1
			}
			p.Report(loc, "column %q is named twice in the output %s: %s", name, of, rejectedTwice)
		}
		seen[name] = true
	}
}

// dupTargets reports the repeated names of a SET or column list. Two
// assignments to one column are allowed when both go through a subscript
// or a field (they are merged).
func dupTargets(p *Pass, targets []*pgparse.Node, what, effect string) {
	whole := map[string]bool{} // columns assigned as a whole
	parts := map[string]bool{} // columns assigned through a subscript or field
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil || rt.Name == "" {
			continue
		}
		partial := len(rt.Indirection) > 0
		if whole[rt.Name] || (!partial && parts[rt.Name]) {
			loc := rt.Location
			if loc <= 0 {
				loc = -1
			}
			p.Report(loc, "column %q %s: %s", rt.Name, what, effect)
		}
		if partial {
			parts[rt.Name] = true
		} else {
			whole[rt.Name] = true
		}
	}
}

// dupAlterCommands reports two commands of the same kind on one column in
// one ALTER TABLE.
func dupAlterCommands(p *Pass, at *pgparse.AlterTableStmt) {
	seen := map[string]bool{}
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		const rejected = "PostgreSQL rejects the statement"
		col, verb, effect := cmd.Name, "", "only the last one takes effect"
		switch cmd.Subtype {
		case pgparse.AlterTableType_AT_AddColumn:
			col, verb, effect = cmd.GetDef().GetColumnDef().GetColname(), "adds column", rejected
			if cmd.MissingOk {
				effect = "IF NOT EXISTS skips the second one"
			}
		case pgparse.AlterTableType_AT_AlterColumnType:
			verb, effect = "changes the type of column", rejected
			// DROP DEFAULT, TYPE, SET DEFAULT is how a column whose
			// default cannot be cast to the new type changes type
			// (Atlas writes it so): the two defaults are both needed.
			delete(seen, "sets or drops the default of column\x00"+cmd.Name)
		case pgparse.AlterTableType_AT_DropColumn:
			verb, effect = "drops column", rejected
			if cmd.MissingOk {
				effect = "the second one does nothing"
			}
		case pgparse.AlterTableType_AT_ColumnDefault:
			verb = "sets or drops the default of column"
		case pgparse.AlterTableType_AT_SetNotNull, pgparse.AlterTableType_AT_DropNotNull:
			verb = "changes NOT NULL on column"
		case pgparse.AlterTableType_AT_AddIdentity:
			verb, effect = "adds an identity to column", rejected
		case pgparse.AlterTableType_AT_SetIdentity, pgparse.AlterTableType_AT_DropIdentity:
			verb = "changes the identity of column"
		case pgparse.AlterTableType_AT_SetStatistics:
			verb = "sets the statistics target of column"
		case pgparse.AlterTableType_AT_SetStorage:
			verb = "sets the storage of column"
		case pgparse.AlterTableType_AT_SetCompression:
			verb = "sets the compression of column"
		case pgparse.AlterTableType_AT_SetOptions, pgparse.AlterTableType_AT_ResetOptions:
			verb = "sets options of column"
		case pgparse.AlterTableType_AT_DropExpression:
			verb = "drops the expression of column"
		default:
			continue
		}
		if col == "" {
			continue
		}
		key := verb + "\x00" + col
		if seen[key] {
			p.Report(at.Relation.GetLocation(), "ALTER TABLE %q %s %q twice: %s", displayRel(at.Relation), verb, col, effect)
		}
		seen[key] = true
	}
}

// figureColname returns the name PostgreSQL gives an output column
// without an alias (parse_target.c FigureColname), for the expressions
// whose name is certain: a column reference's last field, a function's
// name, "?column?" for a constant or an operator, and for a cast the name
// of what it casts, or of the type when that has none. ok is false for
// other expressions, which are not compared.
func figureColname(n *pgparse.Node) (name string, ok bool) {
	switch e := n.GetNode().(type) {
	case *pgparse.Node_ColumnRef:
		f := e.ColumnRef.Fields
		if len(f) == 0 || f[len(f)-1].GetAStar() != nil {
			return "", false
		}
		return f[len(f)-1].GetString_().GetSval(), true
	case *pgparse.Node_FuncCall:
		names := strs(e.FuncCall.Funcname)
		if len(names) == 0 {
			return "", false
		}
		return names[len(names)-1], true
	case *pgparse.Node_AConst, *pgparse.Node_AExpr, *pgparse.Node_BoolExpr, *pgparse.Node_NullTest:
		return "?column?", true
	case *pgparse.Node_TypeCast:
		if inner, ok := figureColname(e.TypeCast.Arg); ok && inner != "?column?" {
			return inner, true
		}
		if names := strs(e.TypeCast.GetTypeName().GetNames()); len(names) > 0 {
			return names[len(names)-1], true
		}
	}
	return "", false
}
