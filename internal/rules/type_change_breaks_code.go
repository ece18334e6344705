package rules

import (
	"fmt"

	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// typeChangeBreaksCode flags ALTER COLUMN … TYPE to a type that a model of
// the application code (Options.Code) mapping the column cannot hold, or a
// narrowing the code writes wider values into.
//
//	ALTER TABLE events ALTER COLUMN id TYPE bigint;        -- flagged while a Go model maps events.id as int32
//	ALTER TABLE users ALTER COLUMN name TYPE varchar(20);  -- flagged while a SQLAlchemy model maps it as String(50)
var typeChangeBreaksCode = &Rule{
	ID:       "type-change-breaks-code",
	Title:    "changing a column's type to one the application code's models cannot hold",
	Severity: Error,
	Detects: "`ALTER TABLE … ALTER COLUMN … TYPE` (`op.alter_column(…, type_=…)` in Alembic revisions) of a column that " +
		"a model of the application code of the same commit maps, when the model's type does not fit the new one: " +
		"a Go field of another kind of value (an `int64` field over a column that becomes `text`, a `time.Time` over " +
		"`varchar`), a Go integer field narrower than the new integer column (an `int32` field over `bigint`), or a " +
		"SQLAlchemy column type of another kind; and a narrowing the code writes wider values into: `varchar(n)` " +
		"narrower than the SQLAlchemy model's `String(m)` or than the column was while a model maps it as an unbounded " +
		"string (a Go `string`, `String()`, `Text`), an integer column narrower than the model's integer field. Models " +
		"are read as by drop-still-used (Go structs of gorm, bun, go-pg, beego and `db` tags; SQLAlchemy classes and " +
		"`Table(...)`s); a field of a type migguard cannot classify by its name (a type of the model's own package, " +
		"one with its own Scan method) is left alone, and so are pairs that drivers convert (a string field over a " +
		"numeric, uuid or time column).",
	Why: "The migration commits while the application built from the same commit, and the one before it still " +
		"serving during the deploy, reads and writes the column through its models. A row whose value no longer fits " +
		"the field fails to scan (`converting driver.Value type int64 (\"3000000000\") to a int32: value out of range`, " +
		"`cannot scan text into *int64`), and an insert of a value wider than the narrowed column fails (`value too " +
		"long for type character varying(20)`), in production only once such a value appears.",
	Fix: "Change the model first, or with a type that holds both the old and the new values, and deploy it before " +
		"the migration; to change the kind of a column, add a column of the new type, write both, backfill, move the " +
		"reads, then drop the old one in a later pull request. When the model never meets such values, say so with " +
		"`-- migguard:ignore type-change-breaks-code <reason>`.",
	Help: "change the model first, or add a column of the new type and move to it",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if p.code == nil || at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || at.Relation == nil ||
			at.Relation.Relpersistence == "t" || p.IsNew(at.Relation) {
			return
		}
		t := p.Table(at.Relation)
		sch, name := at.Relation.Schemaname, at.Relation.Relname
		if t != nil {
			sch, name = t.Schema, t.Name
		}
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			def := cmd.GetDef().GetColumnDef()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_AlterColumnType || def == nil || def.TypeName == nil {
				continue
			}
			to, _ := schema.TypeOf(def.TypeName).SerialBase()
			var from *schema.Type
			if t != nil {
				if col := t.Column(cmd.Name); col != nil {
					f, _ := col.Type.SerialBase()
					from = &f
				}
			}
			loc := def.TypeName.Location
			if loc <= 0 {
				loc = -1
			}
			for _, u := range p.CodeUses().ColumnUses(sch, name, cmd.Name) {
				if why := codeTypeMisfit(p, u, from, to); why != "" {
					p.Report(loc, "column %q of %q becomes %s, but %s maps it as %s: %s; change the model first, or add a "+
						"column of the new type and move to it", cmd.Name, displayRel(at.Relation), to, u, codeType(u), why)
				}
			}
		}
	},
}

func init() { Register(typeChangeBreaksCode) }

// codeType is the type a use maps its column with, as the code writes it.
func codeType(u CodeUse) string {
	if u.GoType != "" {
		return u.GoType
	}
	return u.SQLType
}

// codeTypeMisfit says why a model's type does not fit a column changed
// from type from (nil: unknown) to type to, "" when it fits or cannot be
// told.
func codeTypeMisfit(p *Pass, u CodeUse, from *schema.Type, to schema.Type) string {
	toKind := columnKindOf(p, to)
	switch {
	case u.GoType != "":
		k, _, known := modeltag.GoKind(u.GoType)
		if !known {
			return ""
		}
		if modeltag.Incompatible(k, toKind) {
			return fmt.Sprintf("a Go %s holds no %s value", k, toKind)
		}
		bits, colBits := modeltag.IntBits(u.GoType), modeltag.ColumnIntBits(to.Name)
		if k == modeltag.KindInt && bits > 0 && colBits > bits {
			return fmt.Sprintf("a value beyond the %d bits of the field no longer scans into it", bits)
		}
		if k == modeltag.KindInt && colBits > 0 && bits > colBits && narrowsInt(from, colBits) {
			return fmt.Sprintf("the code writes %d-bit values into a column of %d bits", bits, colBits)
		}
		if k == modeltag.KindString && narrowsText(from, to) {
			return "the code writes strings of any length into it"
		}
	case u.SQLType != "":
		mt, ok := schema.ParseType(u.SQLType)
		if !ok {
			return ""
		}
		mt, _ = mt.SerialBase()
		mk := columnKindOf(p, mt)
		if modeltag.Incompatible(mk, toKind) {
			return fmt.Sprintf("the model's %s values do not fit a %s column", mk, toKind)
		}
		if n, ok := varcharLen(to); ok && mk == modeltag.KindString {
			if m, bounded := varcharLen(mt); bounded && m > n {
				return fmt.Sprintf("the model allows %d characters, the column now %d", m, n)
			} else if !bounded && narrowsText(from, to) {
				return "the model allows strings of any length"
			}
		}
		bits, colBits := modeltag.ColumnIntBits(mt.Name), modeltag.ColumnIntBits(to.Name)
		if mk == modeltag.KindInt && colBits > 0 && bits > colBits && narrowsInt(from, colBits) {
			return fmt.Sprintf("the model writes %d-bit values into a column of %d bits", bits, colBits)
		}
	}
	return ""
}

// columnKindOf classifies a column type; an enum type the catalog knows
// is a string to the drivers.
func columnKindOf(p *Pass, t schema.Type) modeltag.Kind {
	if k := modeltag.ColumnKind(t.Name, t.Array); k != modeltag.KindUnknown {
		return k
	}
	if p.Catalog != nil && !t.Array && p.Catalog.Enum("", t.Name) != nil {
		return modeltag.KindString
	}
	return modeltag.KindUnknown
}

// varcharLen returns the length limit of a varchar or char type; ok is
// false for a string type without one (text, varchar).
func varcharLen(t schema.Type) (int, bool) {
	if (t.Name == "varchar" || t.Name == "bpchar") && len(t.Mods) == 1 {
		return int(t.Mods[0]), true
	}
	return 0, false
}

// narrowsText reports whether a column changes from a string type to a
// shorter limit: from text or an unlimited varchar, or from a longer one.
func narrowsText(from *schema.Type, to schema.Type) bool {
	n, limited := varcharLen(to)
	if !limited || from == nil || modeltag.ColumnKind(from.Name, from.Array) != modeltag.KindString {
		return false
	}
	m, fromLimited := varcharLen(*from)
	return !fromLimited || m > n
}

// narrowsInt reports whether an integer column changes to fewer bits than
// it had (from nil: unknown, taken as a narrowing of a wider model).
func narrowsInt(from *schema.Type, bits int) bool {
	if from == nil {
		return true
	}
	return modeltag.ColumnIntBits(from.Name) > bits
}
