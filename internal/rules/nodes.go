package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// Lock is a PostgreSQL table lock mode, ordered by strength.
type Lock int

// Table lock modes (PostgreSQL "explicit locking" chapter).
const (
	LockNone Lock = iota
	LockAccessShare
	LockRowShare
	LockRowExclusive
	LockShareUpdateExclusive
	LockShare
	LockShareRowExclusive
	LockExclusive
	LockAccessExclusive
)

var lockNames = [...]string{"", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
	"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

func (l Lock) String() string { return lockNames[l] }

// BlocksWrites reports whether the lock blocks INSERT, UPDATE and DELETE.
func (l Lock) BlocksWrites() bool { return l >= LockShare }

// BlocksReads reports whether the lock blocks plain SELECT.
func (l Lock) BlocksReads() bool { return l == LockAccessExclusive }

// LockOf returns the strongest table lock a statement takes and the
// catalog key of the relation it takes it on ("" when it takes none that
// matters to a migration).
func LockOf(stmt *pgparse.Node) (Lock, string) {
	switch n := stmt.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		return alterTableLock(n.AlterTableStmt), schema.RelKey(n.AlterTableStmt.Relation)
	case *pgparse.Node_IndexStmt:
		if n.IndexStmt.Concurrent {
			return LockShareUpdateExclusive, schema.RelKey(n.IndexStmt.Relation)
		}
		return LockShare, schema.RelKey(n.IndexStmt.Relation)
	case *pgparse.Node_DropStmt:
		d := n.DropStmt
		if d.Concurrent || len(d.Objects) == 0 {
			return LockShareUpdateExclusive, ""
		}
		switch d.RemoveType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_INDEX,
			pgparse.ObjectType_OBJECT_MATVIEW, pgparse.ObjectType_OBJECT_VIEW:
			return LockAccessExclusive, listKey(d.Objects[0])
		}
	case *pgparse.Node_TruncateStmt:
		if len(n.TruncateStmt.Relations) > 0 {
			return LockAccessExclusive, schema.RelKey(n.TruncateStmt.Relations[0].GetRangeVar())
		}
	case *pgparse.Node_RenameStmt:
		return LockAccessExclusive, schema.RelKey(n.RenameStmt.Relation)
	case *pgparse.Node_LockStmt:
		if len(n.LockStmt.Relations) > 0 {
			mode := Lock(n.LockStmt.Mode)
			if mode <= LockNone || mode > LockAccessExclusive {
				mode = LockAccessExclusive
			}
			return mode, schema.RelKey(n.LockStmt.Relations[0].GetRangeVar())
		}
	case *pgparse.Node_CreateTrigStmt:
		return LockShareRowExclusive, schema.RelKey(n.CreateTrigStmt.Relation)
	case *pgparse.Node_ClusterStmt:
		return LockAccessExclusive, schema.RelKey(n.ClusterStmt.Relation)
	case *pgparse.Node_VacuumStmt:
		if HasOption(n.VacuumStmt.Options, "full") && len(n.VacuumStmt.Rels) > 0 {
			return LockAccessExclusive, schema.RelKey(n.VacuumStmt.Rels[0].GetVacuumRelation().GetRelation())
		}
	case *pgparse.Node_RefreshMatViewStmt:
		if n.RefreshMatViewStmt.Concurrent {
			return LockExclusive, schema.RelKey(n.RefreshMatViewStmt.Relation)
		}
		return LockAccessExclusive, schema.RelKey(n.RefreshMatViewStmt.Relation)
	}
	return LockNone, ""
}

// alterTableLock returns the strongest lock among the commands of an ALTER TABLE.
func alterTableLock(at *pgparse.AlterTableStmt) Lock {
	strongest := LockNone
	for _, c := range at.Cmds {
		if l := alterCmdLock(c.GetAlterTableCmd()); l > strongest {
			strongest = l
		}
	}
	return strongest
}

// alterCmdLock returns the lock one ALTER TABLE command takes on the table.
func alterCmdLock(cmd *pgparse.AlterTableCmd) Lock {
	if cmd == nil {
		return LockNone
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_ValidateConstraint, pgparse.AlterTableType_AT_SetStatistics,
		pgparse.AlterTableType_AT_ClusterOn, pgparse.AlterTableType_AT_DropCluster,
		pgparse.AlterTableType_AT_SetRelOptions, pgparse.AlterTableType_AT_ResetRelOptions,
		pgparse.AlterTableType_AT_AttachPartition:
		return LockShareUpdateExclusive
	case pgparse.AlterTableType_AT_DetachPartition:
		if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
			return LockShareUpdateExclusive
		}
		return LockAccessExclusive
	case pgparse.AlterTableType_AT_EnableTrig, pgparse.AlterTableType_AT_DisableTrig,
		pgparse.AlterTableType_AT_EnableTrigAll, pgparse.AlterTableType_AT_DisableTrigAll,
		pgparse.AlterTableType_AT_EnableTrigUser, pgparse.AlterTableType_AT_DisableTrigUser,
		pgparse.AlterTableType_AT_EnableAlwaysTrig, pgparse.AlterTableType_AT_EnableReplicaTrig:
		return LockShareRowExclusive
	case pgparse.AlterTableType_AT_AddConstraint:
		if con := cmd.GetDef().GetConstraint(); con != nil && con.Contype == pgparse.ConstrType_CONSTR_FOREIGN {
			return LockShareRowExclusive
		}
	}
	return LockAccessExclusive
}

// CreatedRelations returns the catalog keys of the relations a statement creates.
func CreatedRelations(stmt *pgparse.Node) []string {
	switch n := stmt.Node.(type) {
	case *pgparse.Node_CreateStmt:
		return []string{schema.RelKey(n.CreateStmt.Relation)}
	case *pgparse.Node_CreateTableAsStmt:
		return []string{schema.RelKey(n.CreateTableAsStmt.GetInto().GetRel())}
	case *pgparse.Node_SelectStmt:
		if into := n.SelectStmt.GetIntoClause(); into != nil {
			return []string{schema.RelKey(into.GetRel())}
		}
	case *pgparse.Node_ViewStmt:
		return []string{schema.RelKey(n.ViewStmt.View)}
	case *pgparse.Node_IndexStmt:
		if n.IndexStmt.Idxname != "" {
			return []string{schema.Key(n.IndexStmt.Relation.GetSchemaname(), n.IndexStmt.Idxname)}
		}
	}
	return nil
}

// HasOption reports whether a DefElem list (VACUUM, REINDEX, EXPLAIN
// options) contains the named option, not explicitly set to false.
func HasOption(opts []*pgparse.Node, name string) bool {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil || d.Defname != name {
			continue
		}
		if d.Arg == nil {
			return true
		}
		if b := d.Arg.GetBoolean(); b != nil {
			return b.Boolval
		}
		if s := d.Arg.GetString_(); s != nil {
			return s.Sval != "false" && s.Sval != "off" && s.Sval != "0"
		}
		if c := d.Arg.GetAConst(); c != nil {
			return constBool(d.Arg) || c.GetIval().GetIval() != 0 || c.GetSval().GetSval() == "true" || c.GetSval().GetSval() == "on"
		}
		return true
	}
	return false
}

// listKey returns the catalog key of a qualified name given as a List of
// String nodes (the form DROP statements use).
func listKey(n *pgparse.Node) string {
	l := n.GetList()
	if l == nil {
		return ""
	}
	return nameKey(l.Items)
}

// nameKey returns the catalog key of a qualified name given as String nodes.
func nameKey(items []*pgparse.Node) string {
	parts := strs(items)
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return schema.Key("", parts[0])
	}
	return schema.Key(parts[len(parts)-2], parts[len(parts)-1])
}

// qualifiedName returns the catalog key of a type or object name.
func qualifiedName(items []*pgparse.Node) string { return nameKey(items) }

// strs returns the string values of String nodes.
func strs(items []*pgparse.Node) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s := it.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// funcName returns the unqualified, lower-case name of a function call,
// ignoring a pg_catalog qualifier.
func funcName(fc *pgparse.FuncCall) string {
	parts := strs(fc.Funcname)
	if len(parts) == 0 {
		return ""
	}
	if len(parts) == 2 && parts[0] != "pg_catalog" {
		return parts[0] + "." + parts[1]
	}
	return strings.ToLower(parts[len(parts)-1])
}

// constString returns the value of a string constant (through casts), or "".
func constString(n *pgparse.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		return constString(tc.Arg)
	}
	if c := n.GetAConst(); c != nil {
		return c.GetSval().GetSval()
	}
	return ""
}

// constBool returns the value of a boolean constant ('true', true, 'on').
func constBool(n *pgparse.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		return constBool(tc.Arg)
	}
	c := n.GetAConst()
	if c == nil {
		return false
	}
	if b := c.GetBoolval(); b != nil {
		return b.Boolval
	}
	switch strings.ToLower(c.GetSval().GetSval()) {
	case "true", "on", "t", "yes", "1":
		return true
	}
	return false
}
