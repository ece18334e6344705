package rules

import (
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// disableAutovacuum flags storage parameters that turn autovacuum off for
// a table or its TOAST table.
//
//	ALTER TABLE events SET (autovacuum_enabled = false); -- flagged
//	ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.01); -- fine
var disableAutovacuum = &Rule{
	ID:       "disable-autovacuum",
	Title:    "autovacuum turned off for a table",
	Severity: Warning,
	Lock:     "SHARE UPDATE EXCLUSIVE",
	Detects: "`autovacuum_enabled = false` or `toast.autovacuum_enabled = false` (also off, 0, no) in `ALTER TABLE … SET (…)`, " +
		"`CREATE TABLE … WITH (…)` and `CREATE MATERIALIZED VIEW … WITH (…)`, on new tables as on existing ones, " +
		"unless a later statement of the same migration turns it on again (SET to true, or RESET).",
	Why: "Without autovacuum nothing removes the dead rows that updates and deletes leave behind and nothing refreshes " +
		"the planner statistics: the table and its indexes bloat, queries slow down as plans go stale, and only the " +
		"emergency anti-wraparound vacuum still runs, late and at the worst time.",
	Fix: "Keep autovacuum on and tune it for the table instead: lower `autovacuum_vacuum_scale_factor` / " +
		"`autovacuum_vacuum_threshold` for a large hot table, or raise `autovacuum_vacuum_cost_limit`. For a bulk load, " +
		"turn it off and on again around the load in the same migration, or ANALYZE afterwards.",
	Help: "tune the table's autovacuum settings instead of turning autovacuum off",
	Check: func(p *Pass) {
		switch n := p.Node().GetNode().(type) {
		case *pgparse.Node_AlterTableStmt:
			at := n.AlterTableStmt
			for _, c := range at.Cmds {
				if cmd := c.GetAlterTableCmd(); cmd.GetSubtype() == pgparse.AlterTableType_AT_SetRelOptions {
					reportAutovacuumOff(p, at.Relation, cmd.GetDef().GetList().GetItems())
				}
			}
		case *pgparse.Node_CreateStmt:
			reportAutovacuumOff(p, n.CreateStmt.Relation, n.CreateStmt.Options)
		case *pgparse.Node_CreateTableAsStmt:
			into := n.CreateTableAsStmt.GetInto()
			reportAutovacuumOff(p, into.GetRel(), into.GetOptions())
		}
	},
}

func init() { Register(disableAutovacuum) }

// reportAutovacuumOff reports each storage parameter of opts that turns
// autovacuum off for rel.
func reportAutovacuumOff(p *Pass, rel *pgparse.RangeVar, opts []*pgparse.Node) {
	if rel == nil {
		return
	}
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil || d.Defname != "autovacuum_enabled" || !relOptionFalse(d.Arg) {
			continue
		}
		key, namespace := schema.RelKey(rel), d.Defnamespace
		p.unlessLater(func(n *pgparse.Node) bool { return restoresAutovacuum(n, key, namespace) }, func() {
			if namespace == "toast" {
				p.Report(d.Location, "turning autovacuum off for the TOAST table of %q stops cleanup of its large values: it bloats until an anti-wraparound vacuum",
					displayRel(rel))
				return
			}
			p.Report(d.Location, "turning autovacuum off for %q stops cleanup of dead rows and statistics updates: it bloats and its plans go stale",
				displayRel(rel))
		})
	}
}

// restoresAutovacuum reports whether a statement turns autovacuum on again
// for the table key (namespace "") or its TOAST table ("toast"), as a bulk
// load does after the load: a later statement of the file that does
// answers the finding.
func restoresAutovacuum(n *pgparse.Node, key, namespace string) bool {
	at := n.GetAlterTableStmt()
	if at == nil || schema.RelKey(at.Relation) != key {
		return false
	}
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		sub := cmd.GetSubtype()
		if sub != pgparse.AlterTableType_AT_SetRelOptions && sub != pgparse.AlterTableType_AT_ResetRelOptions {
			continue
		}
		for _, o := range cmd.GetDef().GetList().GetItems() {
			d := o.GetDefElem()
			if d != nil && d.Defname == "autovacuum_enabled" && d.Defnamespace == namespace &&
				(sub == pgparse.AlterTableType_AT_ResetRelOptions || !relOptionFalse(d.Arg)) {
				return true
			}
		}
	}
	return false
}

// relOptionFalse reports whether a boolean storage parameter value is false.
// A parameter written without a value is true.
func relOptionFalse(arg *pgparse.Node) bool {
	var v string
	switch {
	case arg == nil:
		return false
	case arg.GetString_() != nil:
		v = arg.GetString_().Sval
	case arg.GetTypeName() != nil:
		names := strs(arg.GetTypeName().Names)
		if len(names) == 0 {
			return false
		}
		v = names[len(names)-1]
	case arg.GetInteger() != nil:
		return arg.GetInteger().Ival == 0
	case arg.GetBoolean() != nil:
		return !arg.GetBoolean().Boolval
	case arg.GetAConst() != nil:
		c := arg.GetAConst()
		if c.GetIval() != nil {
			return c.GetIval().Ival == 0
		}
		if c.GetBoolval() != nil {
			return !c.GetBoolval().Boolval
		}
		v = c.GetSval().GetSval()
	}
	switch strings.ToLower(v) {
	case "false", "off", "no", "0", "f", "n", "of", "fa", "fal", "fals":
		return true
	}
	return false
}
