package rules

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what the destructive, rename and enum rules share: which
// objects the file itself created before a statement (dropping or renaming
// those breaks nothing that runs), what the rest of the open transaction
// does, and how string constants relate to enum types.

// fileObjects are the objects that the statements of a file before the
// current one created (or renamed an object they created to). No running
// application code can depend on them yet.
type fileObjects struct {
	done        int             // statements of p.Stmts already read
	relations   map[string]bool // relation keys, beyond those TxState knows
	columns     map[string]bool // table key + "\x00" + column
	constraints map[string]bool // table key + "\x00" + constraint
	schemas     map[string]bool
	enums       map[string]bool // enum keys
	enumValues  map[string]bool // enum key + "\x00" + label
}

// createdInFile returns what the statements before the current one created
// in this file.
func createdInFile(p *Pass) *fileObjects {
	o := Scratch(p, func() *fileObjects {
		return &fileObjects{relations: map[string]bool{}, columns: map[string]bool{}, constraints: map[string]bool{},
			schemas: map[string]bool{}, enums: map[string]bool{}, enumValues: map[string]bool{}}
	})
	for ; o.done < p.Index && o.done < len(p.Stmts); o.done++ {
		if n := p.Stmts[o.done].Node; n != nil {
			o.read(p, n)
		}
	}
	return o
}

// relation reports whether the relation was created earlier in this file
// (or is temporary).
func (o *fileObjects) relation(p *Pass, rv *pgparse.RangeVar) bool {
	return p.IsNew(rv) || o.relations[schema.RelKey(rv)]
}

// relationKey is relation for a catalog key.
func (o *fileObjects) relationKey(p *Pass, key string) bool {
	return p.Tx.IsNew(key) || o.relations[key]
}

func (o *fileObjects) column(table, col string) bool { return o.columns[table+"\x00"+col] }

func (o *fileObjects) constraint(table, name string) bool { return o.constraints[table+"\x00"+name] }

func (o *fileObjects) enumValue(enum, label string) bool {
	return o.enums[enum] || o.enumValues[enum+"\x00"+label]
}

// read records what one statement creates.
func (o *fileObjects) read(p *Pass, n *pgparse.Node) {
	switch s := n.Node.(type) {
	case *pgparse.Node_CreateSchemaStmt:
		o.schemas[s.CreateSchemaStmt.Schemaname] = true
	case *pgparse.Node_CreateEnumStmt:
		o.enums[nameKey(s.CreateEnumStmt.TypeName)] = true
	case *pgparse.Node_AlterEnumStmt:
		e := s.AlterEnumStmt
		key := nameKey(e.TypeName)
		switch {
		case e.OldVal == "" && e.NewVal != "":
			o.enumValues[key+"\x00"+e.NewVal] = true
		case e.OldVal != "" && o.enumValue(key, e.OldVal):
			o.enumValues[key+"\x00"+e.NewVal] = true
		}
	case *pgparse.Node_AlterTableStmt:
		at := s.AlterTableStmt
		table := schema.RelKey(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddColumn:
				if cd := cmd.GetDef().GetColumnDef(); cd != nil {
					o.columns[table+"\x00"+cd.Colname] = true
					for _, cc := range cd.Constraints {
						if con := cc.GetConstraint(); con.GetConname() != "" {
							o.constraints[table+"\x00"+con.Conname] = true
						}
					}
				}
			case pgparse.AlterTableType_AT_AddConstraint:
				if con := cmd.GetDef().GetConstraint(); con.GetConname() != "" {
					o.constraints[table+"\x00"+con.Conname] = true
				}
			}
		}
	case *pgparse.Node_RenameStmt:
		r := s.RenameStmt
		switch r.RenameType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
			if r.Relation != nil && o.relation(p, r.Relation) {
				o.relations[schema.Key(r.Relation.Schemaname, r.Newname)] = true
			}
		case pgparse.ObjectType_OBJECT_COLUMN:
			table := schema.RelKey(r.Relation)
			if o.column(table, r.Subname) {
				o.columns[table+"\x00"+r.Newname] = true
			}
		case pgparse.ObjectType_OBJECT_TABCONSTRAINT:
			table := schema.RelKey(r.Relation)
			if o.constraint(table, r.Subname) {
				o.constraints[table+"\x00"+r.Newname] = true
			}
		case pgparse.ObjectType_OBJECT_SCHEMA:
			if o.schemas[r.Subname] {
				o.schemas[r.Newname] = true
			}
		}
	case *pgparse.Node_AlterObjectSchemaStmt:
		a := s.AlterObjectSchemaStmt
		if a.Relation != nil && o.relation(p, a.Relation) {
			o.relations[schema.Key(a.Newschema, a.Relation.Relname)] = true
		}
	}
}

// restOfTx calls fn for each statement after the current one that runs in
// the same transaction, until fn returns true; it reports whether one did.
// Outside a transaction block there is no such statement.
func restOfTx(p *Pass, fn func(*pgparse.Node) bool) bool {
	if !p.Tx.Open {
		return false
	}
	for _, s := range p.Stmts[p.Index+1:] {
		if s.Node == nil {
			continue
		}
		if txEnds(s.Node) {
			return false
		}
		if fn(s.Node) {
			return true
		}
	}
	return false
}

// nameTakenOverInTx reports whether a later statement of the open
// transaction gives the relation name key back to a relation: a view
// created under it (`CREATE VIEW users AS SELECT * FROM customers`), or a
// relation renamed or moved to it. Code that uses the old name then keeps
// working once the transaction commits.
func nameTakenOverInTx(p *Pass, key string) bool {
	return restOfTx(p, func(n *pgparse.Node) bool {
		switch s := n.Node.(type) {
		case *pgparse.Node_ViewStmt:
			return schema.RelKey(s.ViewStmt.View) == key
		case *pgparse.Node_RenameStmt:
			r := s.RenameStmt
			switch r.RenameType {
			case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
				pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
				return r.Relation != nil && schema.Key(r.Relation.Schemaname, r.Newname) == key
			}
		case *pgparse.Node_AlterObjectSchemaStmt:
			a := s.AlterObjectSchemaStmt
			return a.Relation != nil && schema.Key(a.Newschema, a.Relation.Relname) == key
		}
		return false
	})
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

// enumKeyOf returns the catalog key of the enum type a type name would
// name (its last two parts, pg_catalog dropped), and whether it is an array.
func enumKeyOf(tn *pgparse.TypeName) (string, bool) {
	if tn == nil {
		return "", false
	}
	parts := strs(tn.Names)
	if len(parts) == 0 || parts[0] == "pg_catalog" {
		return "", false
	}
	return nameKey(tn.Names), len(tn.ArrayBounds) > 0
}

// columnTypeKey returns the catalog key of a column's type (as enumKeyOf
// does for a type name), "" for arrays.
func columnTypeKey(t schema.Type) string {
	if t.Array || t.Name == "" {
		return ""
	}
	if i := strings.LastIndexByte(t.Name, '.'); i >= 0 {
		return schema.Key(t.Name[:i], t.Name[i+1:])
	}
	return schema.Key("", t.Name)
}

// plainString returns a string constant written without a cast, and its location.
func plainString(n *pgparse.Node) (string, int32, bool) {
	c := n.GetAConst()
	if c == nil || c.GetSval() == nil {
		return "", 0, false
	}
	return c.GetSval().Sval, c.Location, true
}

// splitRelKey splits a catalog key into schema and name.
func splitRelKey(key string) (string, string) {
	if i := strings.IndexByte(key, '.'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// eachRangeVar calls fn for every relation reference below n, including
// those held directly by a statement (ALTER TABLE, UPDATE, CREATE INDEX),
// which pgparse.Walk does not see.
func eachRangeVar(n *pgparse.Node, fn func(*pgparse.RangeVar)) {
	if n == nil {
		return
	}
	pgparse.Inspect(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if rv, ok := m.Interface().(*pgparse.RangeVar); ok {
			fn(rv)
			return false
		}
		return true
	})
}
