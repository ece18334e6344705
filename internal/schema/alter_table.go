package schema

import "github.com/migguard/migguard/internal/pgparse"

// alterTable applies the subcommands of ALTER TABLE that change what the
// catalog records; the rest (storage, owner, triggers, …) are ignored.
func (r *replay) alterTable(s *pgparse.AlterTableStmt) {
	if s.Objtype != pgparse.ObjectType_OBJECT_TABLE {
		return
	}
	t := r.table(s.Relation)
	if t == nil {
		return
	}
	if t.Attributes()+len(s.Cmds) > MaxColumns && !r.roomFor(t, len(AddedColumns(t, s.Cmds)), 0) {
		return // PostgreSQL refuses the whole statement (54011)
	}
	for _, n := range s.Cmds {
		if cmd := n.GetAlterTableCmd(); cmd != nil {
			r.alterCmd(t, cmd, s.Relation.Inh)
		}
	}
}

// alterCmd applies one subcommand; recurse is false under ALTER TABLE ONLY.
func (r *replay) alterCmd(t *Table, cmd *pgparse.AlterTableCmd, recurse bool) {
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AddColumn:
		if cd := cmd.Def.GetColumnDef(); cd != nil {
			r.addColumn(t, cd, 0)
		}
	case pgparse.AlterTableType_AT_DropColumn:
		r.dropColumn(t, cmd.Name, true, 0)
	case pgparse.AlterTableType_AT_AddConstraint, pgparse.AlterTableType_AT_AddIndexConstraint:
		if con := cmd.Def.GetConstraint(); con != nil {
			r.addConstraint(t, con, "", false, recurse)
		}
	case pgparse.AlterTableType_AT_ValidateConstraint:
		r.validate(t, cmd.Name, 0)
	case pgparse.AlterTableType_AT_DropConstraint:
		r.dropConstraint(t, cmd.Name, recurse, 0)
	case pgparse.AlterTableType_AT_SetAccessMethod:
		t.AccessMethod = cmd.Name
	case pgparse.AlterTableType_AT_SetLogged:
		t.Persistence = 'p'
	case pgparse.AlterTableType_AT_SetUnLogged:
		t.Persistence = 'u'
	case pgparse.AlterTableType_AT_AttachPartition:
		r.attach(t, r.table(cmd.Def.GetPartitionCmd().GetName()))
		if child := r.table(cmd.Def.GetPartitionCmd().GetName()); child != nil && child.PartitionOf == t.Key() {
			child.setBound(cmd.Def.GetPartitionCmd().GetBound())
		}
	case pgparse.AlterTableType_AT_DetachPartition:
		r.detach(t, r.table(cmd.Def.GetPartitionCmd().GetName()))
	default:
		r.alterColumn(t, cmd, recurse, 0)
	}
}
