package rules

// renameEnumValue flags ALTER TYPE … RENAME VALUE of a label that existed
// before the migration.
//
//	ALTER TYPE order_status RENAME VALUE 'shipped' TO 'dispatched';  -- flagged
var renameEnumValue = &Rule{
	ID:       "rename-enum-value",
	Title:    "renaming an enum value breaks code that still uses the old label",
	Severity: Warning,
	Detects:  "`ALTER TYPE … RENAME VALUE`, unless the enum type or the label was created earlier in the same file.",
	Why: "The rows keep their value but it now reads as the new label, and the old label no longer exists: running " +
		"application code that writes it, or compares with it (`WHERE status = 'shipped'`), fails with \"invalid " +
		"input value for enum\" from the moment the migration commits until new code is deployed. Code that reads the " +
		"column gets a label it does not know. Enum labels cannot be dropped, so there is no easy way back.",
	Fix: "Expand and contract: `ALTER TYPE … ADD VALUE` the new label (and commit); deploy code that accepts both " +
		"labels and writes the new one; migrate the rows in batches (`UPDATE … SET status = 'dispatched' WHERE " +
		"status = 'shipped'`); then stop accepting the old label. The old label stays in the type unless the type is " +
		"recreated.",
	Versions: "RENAME VALUE exists since PostgreSQL 10.",
	Help:     "add the new label, migrate the rows, switch the code, and leave the old label unused",
	Check: func(p *Pass) {
		e := p.Node().GetAlterEnumStmt()
		if e == nil || e.OldVal == "" {
			return
		}
		key := nameKey(e.TypeName)
		if createdInFile(p).enumValue(key, e.OldVal) {
			return
		}
		p.Report(-1, "renaming value '%s' of enum %q to '%s' breaks running application code that still writes or compares '%s'",
			e.OldVal, displayKey(key), e.NewVal, e.OldVal)
	},
}

func init() { Register(renameEnumValue) }
