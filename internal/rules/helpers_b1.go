package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgcatalog"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// addedColumn is one ADD COLUMN command of an ALTER TABLE.
type addedColumn struct {
	rel *pgparse.RangeVar
	cmd *pgparse.AlterTableCmd
	def *pgparse.ColumnDef
}

// addedColumnsOnExisting returns the ADD COLUMN commands of the statement
// when it is an ALTER TABLE of a table that existed before this file (not
// created earlier in it, not temporary). ALTER FOREIGN TABLE stores no
// rows and is left out.
func addedColumnsOnExisting(p *Pass) []addedColumn {
	at := p.Node().GetAlterTableStmt()
	if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || p.IsNew(at.Relation) {
		return nil
	}
	if t := p.Table(at.Relation); t != nil && t.Persistence == 't' {
		return nil
	}
	var out []addedColumn
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_AddColumn {
			continue
		}
		if cd := cmd.GetDef().GetColumnDef(); cd != nil {
			out = append(out, addedColumn{rel: at.Relation, cmd: cmd, def: cd})
		}
	}
	return out
}

// constraintOf returns the first inline constraint of the given kind on a
// column definition, or nil.
func constraintOf(cd *pgparse.ColumnDef, kind pgparse.ConstrType) *pgparse.Constraint {
	for _, c := range cd.GetConstraints() {
		if con := c.GetConstraint(); con != nil && con.Contype == kind {
			return con
		}
	}
	return nil
}

// columnDefault returns the DEFAULT expression of a column definition, or nil.
func columnDefault(cd *pgparse.ColumnDef) *pgparse.Node {
	if con := constraintOf(cd, pgparse.ConstrType_CONSTR_DEFAULT); con != nil {
		return con.RawExpr
	}
	return cd.GetRawDefault()
}

// isNullConst reports whether an expression is the NULL constant, possibly cast.
func isNullConst(n *pgparse.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		return isNullConst(tc.Arg)
	}
	c := n.GetAConst()
	return c != nil && c.Isnull
}

// isSerialType reports whether a column is declared serial, bigserial,
// smallserial or one of their aliases.
func isSerialType(cd *pgparse.ColumnDef) bool {
	_, ok := schema.TypeOf(cd.GetTypeName()).SerialBase()
	return ok
}

// extensionVolatile lists volatile functions of common extensions
// (uuid-ossp, pgcrypto), which live outside pg_catalog and so are not in
// the built-in list.
var extensionVolatile = map[string]bool{
	"uuid_generate_v1": true, "uuid_generate_v1mc": true, "uuid_generate_v4": true,
	"gen_random_bytes": true, "gen_salt": true, "gen_random_uuid": true,
}

// volatileCallIn returns the name of the first volatile function that an
// expression calls, "" when it calls none that is known to be volatile.
//
// A function is volatile when the built-in catalog (pg_proc, see
// internal/pgcatalog) says so, when an earlier migration created it
// without IMMUTABLE or STABLE, or when it is one of the volatile functions
// of uuid-ossp and pgcrypto. A function known to none of them is not
// reported: its volatility cannot be known from the migrations.
func volatileCallIn(p *Pass, n *pgparse.Node) string {
	found := ""
	pgparse.Walk(n, func(x *pgparse.Node) bool {
		if found != "" {
			return false
		}
		if fc := x.GetFuncCall(); fc != nil && functionVolatile(p, fc) {
			found = strings.Join(strs(fc.Funcname), ".")
			return false
		}
		return true
	})
	return found
}

// functionVolatile reports whether a function call is known to be volatile.
func functionVolatile(p *Pass, fc *pgparse.FuncCall) bool {
	parts := strs(fc.Funcname)
	if len(parts) == 0 {
		return false
	}
	name := parts[len(parts)-1]
	sch := ""
	if len(parts) > 1 {
		sch = parts[len(parts)-2]
	}
	if sch == "" || sch == "pg_catalog" {
		// pg_catalog comes first in every search path.
		if v := pgcatalog.FuncVolatility(name); v != pgcatalog.Unknown || sch == "pg_catalog" {
			return v == pgcatalog.Volatile
		}
	}
	if v := p.Catalog.FunctionVolatility(sch, name); v != 0 {
		return v == 'v'
	}
	return extensionVolatile[name]
}

// columnLoc is where a finding about a column definition points: the
// column name, or the statement when the parser gave no location.
func columnLoc(cd *pgparse.ColumnDef) int32 {
	if cd.GetLocation() > 0 {
		return cd.Location
	}
	return -1
}
