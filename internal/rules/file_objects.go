package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds which objects the file itself created before a
// statement: dropping or renaming those breaks nothing that runs.

// fileObjects are the objects that the statements of a file before the
// current one created (or renamed an object they created to). No running
// application code can depend on them yet.
type fileObjects struct {
	relations   map[string]bool // relation keys, beyond those TxState knows
	columns     map[string]bool // table key + "\x00" + column
	constraints map[string]bool // table key + "\x00" + constraint
	schemas     map[string]bool
	enums       map[string]bool // enum keys
	enumValues  map[string]bool // enum key + "\x00" + label
	// checked are the tables to which a CHECK constraint was added by
	// ALTER TABLE (see checkAddedEarlier).
	checked map[string]bool
}

// relation reports whether the relation was created earlier in this file
// (or is temporary).
func (o *fileObjects) relation(p *Pass, rv *pgparse.RangeVar) bool {
	return p.Created(rv) || o.relations[schema.RelKey(rv)]
}

// relationKey is relation for a catalog key.
func (o *fileObjects) relationKey(p *Pass, key string) bool {
	return p.Tx.Created(key) || o.relations[key]
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
		setKey(&o.schemas, s.CreateSchemaStmt.Schemaname)
	case *pgparse.Node_CreateEnumStmt:
		setKey(&o.enums, nameKey(s.CreateEnumStmt.TypeName))
	case *pgparse.Node_AlterEnumStmt:
		e := s.AlterEnumStmt
		key := nameKey(e.TypeName)
		switch {
		case e.OldVal == "" && e.NewVal != "":
			setKey(&o.enumValues, key+"\x00"+e.NewVal)
		case e.OldVal != "" && o.enumValue(key, e.OldVal):
			setKey(&o.enumValues, key+"\x00"+e.NewVal)
		}
	case *pgparse.Node_AlterTableStmt:
		at := s.AlterTableStmt
		table := schema.RelKey(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			switch cmd.GetSubtype() {
			case pgparse.AlterTableType_AT_AddColumn:
				if cd := cmd.GetDef().GetColumnDef(); cd != nil {
					setKey(&o.columns, table+"\x00"+cd.Colname)
					for _, cc := range cd.Constraints {
						if con := cc.GetConstraint(); con.GetConname() != "" {
							setKey(&o.constraints, table+"\x00"+con.Conname)
						}
					}
				}
			case pgparse.AlterTableType_AT_AddConstraint:
				if con := cmd.GetDef().GetConstraint(); con.GetConname() != "" {
					setKey(&o.constraints, table+"\x00"+con.Conname)
				}
			}
			if cmd.GetDef().GetConstraint().GetContype() == pgparse.ConstrType_CONSTR_CHECK {
				setKey(&o.checked, table)
			}
		}
	case *pgparse.Node_RenameStmt:
		r := s.RenameStmt
		switch r.RenameType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
			if r.Relation != nil && o.relation(p, r.Relation) {
				setKey(&o.relations, schema.Key(r.Relation.Schemaname, r.Newname))
			}
		case pgparse.ObjectType_OBJECT_COLUMN:
			table := schema.RelKey(r.Relation)
			if o.column(table, r.Subname) {
				setKey(&o.columns, table+"\x00"+r.Newname)
			}
		case pgparse.ObjectType_OBJECT_TABCONSTRAINT:
			table := schema.RelKey(r.Relation)
			if o.constraint(table, r.Subname) {
				setKey(&o.constraints, table+"\x00"+r.Newname)
			}
		case pgparse.ObjectType_OBJECT_SCHEMA:
			if o.schemas[r.Subname] {
				setKey(&o.schemas, r.Newname)
			}
		}
	case *pgparse.Node_AlterObjectSchemaStmt:
		a := s.AlterObjectSchemaStmt
		if a.Relation != nil && o.relation(p, a.Relation) {
			setKey(&o.relations, schema.Key(a.Newschema, a.Relation.Relname))
		}
	}
}

// setKey adds k to the set *m, made on first use: most files create few
// kinds of object.
func setKey(m *map[string]bool, k string) {
	if *m == nil {
		*m = map[string]bool{}
	}
	(*m)[k] = true
}

// createdInFile returns what the statements before the current one created
// in this file. The engine reads each statement into it once the
// statement is replayed.
func createdInFile(p *Pass) *fileObjects { return &p.objs }
