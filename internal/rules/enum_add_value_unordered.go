package rules

// enumAddValueUnordered flags ALTER TYPE … ADD VALUE without BEFORE or
// AFTER, which puts the new label last in the type's sort order.
//
//	ALTER TYPE order_status ADD VALUE 'on_hold';                   -- flagged
//	ALTER TYPE order_status ADD VALUE 'on_hold' AFTER 'pending';   -- fine
var enumAddValueUnordered = &Rule{
	ID:       "enum-add-value-unordered",
	Peers:    []string{"squawk:require-enum-value-ordering"},
	Title:    "enum value added without BEFORE or AFTER sorts last",
	Severity: Info,
	Optional: true,
	Detects:  "`ALTER TYPE … ADD VALUE` without `BEFORE` or `AFTER`.",
	Why: "Enum values sort in declaration order, not alphabetically: ORDER BY, comparisons such as " +
		"`status < 'shipped'`, MIN/MAX and range checks on the column all use it. A label added without a position " +
		"goes after every existing one, which is often not where it belongs in a workflow (`on_hold` after " +
		"`delivered`), and queries that rely on the order silently change their results.",
	Fix: "State the position: `ALTER TYPE order_status ADD VALUE 'on_hold' AFTER 'pending';` (or BEFORE), even when " +
		"last is right, so the intent is visible in review.",
	Versions: "Before PostgreSQL 12, ADD VALUE cannot run inside a transaction block at all, and from 12 on the new " +
		"label cannot be used until the transaction commits; enum-value-used-in-same-transaction reports both.",
	Help: "say where the label goes with BEFORE or AFTER an existing one",
	Check: func(p *Pass) {
		e := p.Node().GetAlterEnumStmt()
		if e == nil || e.OldVal != "" || e.NewVal == "" || e.NewValNeighbor != "" {
			return
		}
		p.Report(-1, "adding value '%s' to enum %q without BEFORE or AFTER makes it sort after every existing value",
			e.NewVal, displayKey(nameKey(e.TypeName)))
	},
}

func init() { Register(enumAddValueUnordered) }
