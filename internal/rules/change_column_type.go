package rules

import (
	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// changeColumnType flags ALTER COLUMN … TYPE on an existing table unless
// the schema shows the change keeps the stored values as they are.
//
//	ALTER TABLE users ALTER COLUMN id TYPE bigint;            -- flagged: int4 → int8 rewrites
//	ALTER TABLE users ALTER COLUMN name TYPE varchar(200);    -- fine when it was varchar(100)
var changeColumnType = &Rule{
	ID:       "change-column-type",
	Peers:    []string{"squawk:changing-column-type", "eugene:E5", "eugene:E10"},
	Fails:    []Failure{{SQLState: "22P02"}, {SQLState: "22003"}, {SQLState: "22001"}, {SQLState: "22007"}, {SQLState: "22008"}, {SQLState: "42804"}},
	Title:    "column type change rewrites the table",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE",
	Detects: "`ALTER TABLE … ALTER COLUMN … TYPE` on a table that existed before this migration, unless the column's " +
		"current type is known from earlier migrations and the change is binary-coercible with no USING expression " +
		"(other than the column itself) and no collation change: varchar(n) to a longer or unlimited varchar or to " +
		"text, text to varchar without a length, numeric(p,s) to numeric(p2,s) with p2 ≥ p or to numeric, varbit " +
		"widening, cidr to inet, and a non-decreasing precision of timestamp, timestamptz, time, timetz and interval; " +
		"timestamp ↔ timestamptz (to no precision or precision 6) on PostgreSQL 12 and later while the session time " +
		"zone is UTC (`timezone: UTC` in the configuration, or `SET TIME ZONE 'UTC'` earlier in the file) is " +
		"reported only when an index covers the column, which is rebuilt. " +
		"When the current type is not known the finding says so. Tables created earlier in the same file, and " +
		"temporary tables, are exempt.",
	Why: "Any other type change makes PostgreSQL convert every value: it rewrites the whole table and rebuilds all of " +
		"its indexes while holding ACCESS EXCLUSIVE, so no query can read or write the table until it is done, and " +
		"it needs as much free disk as the table and its indexes take. A collation change rebuilds the indexes on " +
		"the column under the same lock. The statistics of the column are dropped too, until the next ANALYZE.",
	Fix: "Expand and contract: add a new column of the new type, keep it in sync with a trigger, backfill it in " +
		"batches, switch readers and writers to it, then drop the old column in a later migration. Run " +
		"`ANALYZE table (column)` after any type change.",
	Versions: "Binary-coercible changes skip the rewrite since PostgreSQL 9.2. timestamp ↔ timestamptz (to no precision " +
		"or precision 6) skips it from PostgreSQL 12 when the session time zone is UTC: set `timezone: UTC` in the " +
		"configuration when the database's or the migration role's TimeZone is UTC, or `SET TIME ZONE 'UTC'` earlier in " +
		"the migration; the indexes on the column are still rebuilt, since their operator class changes.",
	Help: "add a column of the new type, backfill it in batches and switch over, instead of changing the type in place",
	Check: func(p *Pass) {
		at := p.Node().GetAlterTableStmt()
		if at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || p.IsNew(at.Relation) {
			return
		}
		table := displayRel(at.Relation)
		t := p.Table(at.Relation)
		for _, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_AlterColumnType {
				continue
			}
			def := cmd.GetDef().GetColumnDef()
			if def == nil || def.TypeName == nil {
				continue
			}
			loc := def.TypeName.Location
			if loc <= 0 {
				loc = -1
			}
			to := schema.TypeOf(def.TypeName)
			var col *schema.Column
			if t != nil {
				col = t.Column(cmd.Name)
			}
			if col == nil {
				p.ReportWork(loc, WorkRewrite, "changing column %q of %q to %s: its current type is not known from the migrations, so it cannot be checked for a binary-coercible change; unless it is one, the whole table and its indexes are rewritten under ACCESS EXCLUSIVE",
					cmd.Name, table, to)
				continue
			}
			from := col.Type
			if base, ok := from.SerialBase(); ok {
				from = base
			}
			trivial := usingIsColumn(def.RawDefault, cmd.Name, to)
			switch {
			case !trivial:
				p.ReportWork(loc, WorkRewrite, "changing column %q of %q from %s to %s with USING converts every value: the whole table and its indexes are rewritten under ACCESS EXCLUSIVE",
					cmd.Name, table, from, to)
			case zoneOnlyChange(p, from, to) && collationName(def.CollClause) == "":
				if columnIndexed(p, t, cmd.Name) {
					p.ReportWork(loc, WorkBuild, "changing column %q of %q from %s to %s keeps its values while the session time zone is UTC, but rebuilds every index on the column under ACCESS EXCLUSIVE",
						cmd.Name, table, from, to)
				}
			case !schema.BinaryCoercible(from, to):
				p.ReportWork(loc, WorkRewrite, "changing column %q of %q from %s to %s rewrites the whole table and its indexes under ACCESS EXCLUSIVE",
					cmd.Name, table, from, to)
			case schema.OpclassChanges(from, to):
				if columnIndexed(p, t, cmd.Name) {
					p.ReportWork(loc, WorkBuild, "changing column %q of %q from %s to %s keeps its values, but rebuilds every index on the column under ACCESS EXCLUSIVE, since their operator class changes",
						cmd.Name, table, from, to)
				}
			case collationName(def.CollClause) != normalCollation(col.Collation):
				p.ReportWork(loc, WorkBuild, "changing the collation of column %q of %q rebuilds every index on the column under ACCESS EXCLUSIVE",
					cmd.Name, table)
			}
		}
	},
}

func init() { Register(changeColumnType) }

// typeChangeWork says what an ALTER COLUMN TYPE command of an ALTER TABLE
// on rel does with the table's rows: WorkNone (catalog only) when the
// schema knows the column, the change is binary-coercible, USING (if any)
// is the column itself and the collation stays; WorkBuild when only the
// collation changes (the indexes on the column are rebuilt, the table is
// not rewritten); WorkRewrite otherwise, including when the current type
// is not known.
func typeChangeWork(p *Pass, rel *pgparse.RangeVar, cmd *pgparse.AlterTableCmd) Work {
	def := cmd.GetDef().GetColumnDef()
	t := p.Table(rel)
	if def == nil || def.TypeName == nil || t == nil {
		return WorkRewrite
	}
	col := t.Column(cmd.Name)
	if col == nil {
		return WorkRewrite
	}
	from, to := col.Type, schema.TypeOf(def.TypeName)
	if base, ok := from.SerialBase(); ok {
		from = base
	}
	switch {
	case !usingIsColumn(def.RawDefault, cmd.Name, to):
		return WorkRewrite
	case zoneOnlyChange(p, from, to) && collationName(def.CollClause) == "":
		if columnIndexed(p, t, cmd.Name) {
			return WorkBuild
		}
		return WorkNone
	case !schema.BinaryCoercible(from, to):
		return WorkRewrite
	case schema.OpclassChanges(from, to):
		if columnIndexed(p, t, cmd.Name) {
			return WorkBuild
		}
		return WorkNone
	case collationName(def.CollClause) != normalCollation(col.Collation):
		return WorkBuild
	}
	return WorkNone
}

// usingIsColumn reports whether a USING expression is absent, the column
// itself, or the column cast to the target type: none of these changes
// what a plain type change would do.
func usingIsColumn(using *pgparse.Node, column string, to schema.Type) bool {
	if using == nil {
		return true
	}
	if tc := using.GetTypeCast(); tc != nil {
		return schema.TypeOf(tc.TypeName).Equal(to) && usingIsColumn(tc.Arg, column, to)
	}
	cr := using.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 {
		return false
	}
	return cr.Fields[len(cr.Fields)-1].GetString_().GetSval() == column
}

// collationName returns the collation a COLLATE clause names, "" for none
// or the default collation.
func collationName(cc *pgparse.CollateClause) string {
	if cc == nil {
		return ""
	}
	names := strs(cc.Collname)
	if len(names) == 0 {
		return ""
	}
	return normalCollation(names[len(names)-1])
}

// normalCollation maps the spellings of the default collation to "".
func normalCollation(name string) string {
	if name == "default" {
		return ""
	}
	return name
}
