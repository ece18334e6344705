package rules

import (
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds how messages name things: relations, columns,
// constraints, statements, types, durations and lines.

// quoteName quotes an identifier for a message; "" (an unnamed constraint)
// stays empty so the surrounding text still reads.
func quoteName(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return `"` + s + `"`
}

// quoteList renders column names for a message: ("a", "b").
func quoteList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return "(" + strings.Join(q, ", ") + ")"
}

// quotedTables lists tables for a message: "a", "b", "c" and 2 more.
func quotedTables(ts []*schema.Table, max int) string {
	var names []string
	for i, t := range ts {
		if i == max {
			names = append(names, "and "+strconv.Itoa(len(ts)-max)+" more")
			break
		}
		names = append(names, `"`+displayKey(t.Key())+`"`)
	}
	return strings.Join(names, ", ")
}

// constraintPhrase names a constraint for a message: `CHECK constraint
// "price_positive"`, or `a CHECK constraint` when it has no name.
func constraintPhrase(kind, name string) string {
	if name == "" {
		article := "a "
		if strings.ContainsAny(kind[:1], "aeio") { // "a UNIQUE", "an exclusion"
			article = "an "
		}
		return article + kind
	}
	return kind + ` "` + name + `"`
}

// displayKey turns a catalog key into the name a message shows: public
// tables unqualified, others as schema.name.
func displayKey(key string) string { return strings.TrimPrefix(key, "public.") }

// displayRel is the name a message shows for a relation reference:
// displayKey(schema.RelKey(rv)), without building the key for the usual
// unqualified name.
func displayRel(rv *pgparse.RangeVar) string {
	if rv != nil && (rv.Schemaname == "" || rv.Schemaname == "public") {
		return rv.Relname
	}
	return displayKey(schema.RelKey(rv))
}

// relationWord names the kind of relation an ALTER or DROP is about, in
// lower case for messages.
func relationWord(t pgparse.ObjectType) string {
	switch t {
	case pgparse.ObjectType_OBJECT_VIEW:
		return "view"
	case pgparse.ObjectType_OBJECT_MATVIEW:
		return "materialized view"
	case pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
		return "foreign table"
	}
	return "table"
}

// objectWord is the SQL keyword of an object type in ALTER and DROP.
func objectWord(t pgparse.ObjectType) string {
	switch t {
	case pgparse.ObjectType_OBJECT_INDEX:
		return "INDEX"
	case pgparse.ObjectType_OBJECT_MATVIEW:
		return "MATERIALIZED VIEW"
	case pgparse.ObjectType_OBJECT_VIEW:
		return "VIEW"
	case pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
		return "FOREIGN TABLE"
	case pgparse.ObjectType_OBJECT_SEQUENCE:
		return "SEQUENCE"
	case pgparse.ObjectType_OBJECT_TRIGGER:
		return "TRIGGER"
	case pgparse.ObjectType_OBJECT_RULE:
		return "RULE"
	case pgparse.ObjectType_OBJECT_POLICY:
		return "POLICY"
	}
	return "TABLE"
}

// commandTag names a statement the way PostgreSQL's command tags do
// ("ALTER TABLE", "CREATE INDEX", "VACUUM FULL").
func commandTag(n *pgparse.Node) string {
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		return "ALTER " + objectWord(s.AlterTableStmt.Objtype)
	case *pgparse.Node_RenameStmt:
		t := s.RenameStmt.RenameType
		if t == pgparse.ObjectType_OBJECT_COLUMN || t == pgparse.ObjectType_OBJECT_TABCONSTRAINT {
			t = s.RenameStmt.RelationType
		}
		return "ALTER " + objectWord(t)
	case *pgparse.Node_AlterObjectSchemaStmt:
		return "ALTER " + objectWord(s.AlterObjectSchemaStmt.ObjectType)
	case *pgparse.Node_DropStmt:
		return "DROP " + objectWord(s.DropStmt.RemoveType)
	case *pgparse.Node_IndexStmt:
		return "CREATE INDEX"
	case *pgparse.Node_CreateStmt:
		return "CREATE TABLE"
	case *pgparse.Node_CreateTableAsStmt:
		if s.CreateTableAsStmt.Objtype == pgparse.ObjectType_OBJECT_MATVIEW {
			return "CREATE MATERIALIZED VIEW"
		}
		return "CREATE TABLE"
	case *pgparse.Node_ViewStmt:
		return "CREATE VIEW"
	case *pgparse.Node_SelectStmt:
		return "SELECT"
	case *pgparse.Node_MergeStmt:
		return "MERGE"
	case *pgparse.Node_CreateTrigStmt:
		return "CREATE TRIGGER"
	case *pgparse.Node_TruncateStmt:
		return "TRUNCATE"
	case *pgparse.Node_LockStmt:
		return "LOCK TABLE"
	case *pgparse.Node_ClusterStmt:
		return "CLUSTER"
	case *pgparse.Node_VacuumStmt:
		if HasOption(s.VacuumStmt.Options, "full") {
			return "VACUUM FULL"
		}
		return "VACUUM"
	case *pgparse.Node_RefreshMatViewStmt:
		return "REFRESH MATERIALIZED VIEW"
	case *pgparse.Node_ReindexStmt:
		return "REINDEX"
	case *pgparse.Node_UpdateStmt:
		return "UPDATE"
	case *pgparse.Node_DeleteStmt:
		return "DELETE"
	case *pgparse.Node_InsertStmt:
		return "INSERT"
	}
	return "the statement"
}

// subject names a statement and the relation it is about, for the start of
// a message (`ALTER TABLE "users"`, `CREATE INDEX "users_email_idx"`), and
// returns that relation's catalog key ("" when the subject names none, or
// names an index or trigger rather than a relation).
func subject(n *pgparse.Node) (text, about string) {
	tag := commandTag(n)
	switch s := n.Node.(type) {
	case *pgparse.Node_IndexStmt:
		if s.IndexStmt.Idxname != "" {
			return tag + ` "` + s.IndexStmt.Idxname + `"`, ""
		}
		return tag, ""
	case *pgparse.Node_CreateTrigStmt:
		return tag + ` "` + s.CreateTrigStmt.Trigname + `"`, ""
	}
	key := ""
	if _, k := LockOf(n); k != "" {
		key = k
	} else if rels := CreatedRelations(n); len(rels) > 0 {
		key = rels[0]
	}
	if key == "" {
		return tag, ""
	}
	return tag + ` "` + displayKey(key) + `"`, key
}

// sqlTypeNames are the names a message shows for internal type names.
var sqlTypeNames = map[string]string{"int2": "smallint", "int4": "integer", "int8": "bigint", "bpchar": "char"}

// sqlTypeName writes a type the way SQL spells it: integer, char(2),
// varchar(255)[], timestamp(3).
func sqlTypeName(t schema.Type) string {
	u := t
	if n, ok := sqlTypeNames[t.Name]; ok && !(t.Name == "bpchar" && len(t.Mods) == 0) {
		u.Name = n
	}
	return u.String()
}

// formatMillis writes a duration in milliseconds the way a setting is
// usually written: 250ms, 5s, 2min, 1h.
func formatMillis(ms int64) string {
	switch {
	case ms%(60*60*1000) == 0:
		return strconv.FormatInt(ms/(60*60*1000), 10) + "h"
	case ms%(60*1000) == 0:
		return strconv.FormatInt(ms/(60*1000), 10) + "min"
	case ms%1000 == 0:
		return strconv.FormatInt(ms/1000, 10) + "s"
	}
	return strconv.FormatInt(ms, 10) + "ms"
}

// lineOf returns the 1-based line of a byte offset of the file.
func lineOf(p *Pass, off int) int { return p.Lines.Pos(off).Line }
