package schema

import (
	"reflect"

	"github.com/migguard/migguard/internal/pgparse"
)

// changing are the kinds of statement that Apply replays: the cases of
// (*replay).stmt and (*replay).function. TestChangesCoversReplay fails
// when a case is added there and not here.
var changing = map[reflect.Type]bool{}

func init() {
	for _, n := range []any{
		&pgparse.Node_CreateStmt{}, &pgparse.Node_CreateTableAsStmt{}, &pgparse.Node_SelectStmt{},
		&pgparse.Node_AlterTableStmt{}, &pgparse.Node_IndexStmt{}, &pgparse.Node_RenameStmt{},
		&pgparse.Node_AlterObjectSchemaStmt{}, &pgparse.Node_DropStmt{}, &pgparse.Node_CreateEnumStmt{},
		&pgparse.Node_AlterEnumStmt{}, &pgparse.Node_CreateSchemaStmt{}, &pgparse.Node_CreateSeqStmt{},
		&pgparse.Node_ViewStmt{}, &pgparse.Node_DoStmt{},
		&pgparse.Node_CreateFunctionStmt{}, &pgparse.Node_AlterFunctionStmt{},
	} {
		changing[reflect.TypeOf(n)] = true
	}
}

// Changes reports whether Apply may change the catalog for stmt. It is
// false for the statements that the replay ignores whatever they say:
// INSERT, UPDATE, DELETE, SET, COMMENT ON, GRANT, a SELECT without INTO…
// A cache names the schema that a file builds by the statements for which
// it is true, so that editing the others keeps the schema's name.
func Changes(stmt *pgparse.Node) bool {
	if stmt == nil || stmt.Node == nil {
		return false
	}
	if s, ok := stmt.Node.(*pgparse.Node_SelectStmt); ok {
		return s.SelectStmt.GetIntoClause() != nil
	}
	return changing[reflect.TypeOf(stmt.Node)]
}
