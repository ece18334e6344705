package rules

import (
	"fmt"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// validateInSameTransaction flags VALIDATE CONSTRAINT in the transaction
// that added the constraint NOT VALID, or after the transaction already
// locked the table against writes: the validation scan then runs under
// that lock, which is what NOT VALID was meant to avoid.
//
//	BEGIN;
//	ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
//	ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk; -- flagged
//	COMMIT;
//
//	-- the VALIDATE in the next migration (its own transaction): fine
var validateInSameTransaction = &Rule{
	ID:       "validate-in-same-transaction",
	Peers:    []string{"squawk:constraint-missing-not-valid"},
	Title:    "constraint validated in the transaction that locked the table",
	Severity: Error,
	Lock:     "ACCESS EXCLUSIVE or SHARE ROW EXCLUSIVE, already held by the transaction",
	Detects: "`ALTER TABLE … VALIDATE CONSTRAINT c` in the same statement as a command that blocks writes " +
		"(`VALIDATE CONSTRAINT c, DROP COLUMN x` validates under DROP COLUMN's ACCESS EXCLUSIVE), or inside the transaction that added `c` with `NOT VALID` (the same " +
		"migration when the tool wraps it in a transaction, or the same BEGIN … COMMIT block), or after an earlier " +
		"statement of the transaction took a lock that blocks writes on the same table. Tables created earlier in the " +
		"same file or transaction are exempt.",
	Why: "NOT VALID splits adding a constraint into a brief ACCESS EXCLUSIVE (SHARE ROW EXCLUSIVE for a foreign key, on " +
		"both tables) and a later scan under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. Locks are held " +
		"until the transaction ends, so a VALIDATE in the same transaction scans the whole table while the ADD's lock " +
		"is still held: every query on the table (every write, for a foreign key, to both tables) waits until the " +
		"scan ends, exactly as without NOT VALID.",
	Fix: "Commit between the two: put `VALIDATE CONSTRAINT` in the next migration, or, in a migration the tool does not " +
		"wrap in a transaction, COMMIT after the ADD … NOT VALID. Give VALIDATE a statement of its own, and keep other " +
		"locking statements on the table out of the validating transaction.",
	Help: "commit between ADD CONSTRAINT … NOT VALID and VALIDATE CONSTRAINT",
	Check: func(p *Pass) {
		st := Scratch(p, func() *validateState { return &validateState{held: map[string]heldLock{}} })
		defer st.record(p)
		at := existingTableAlter(p)
		if at == nil {
			return
		}
		key := schema.RelKey(at.Relation)
		table := displayRel(at.Relation)
		for i, c := range at.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd.GetSubtype() != pgparse.AlterTableType_AT_ValidateConstraint {
				continue
			}
			if kind, ref, ok := addedNotValidInTx(p, st, at, i, key, cmd.Name); ok {
				locks, blocked := fmt.Sprintf(`ACCESS EXCLUSIVE lock the ADD took on %q`, table), `every query on "`+table+`" waits`
				switch kind {
				case 0:
					locks, blocked = fmt.Sprintf(`lock the ADD took on %q`, table), `queries on "`+table+`" wait`
				case schema.ForeignKey:
					locks, blocked = fmt.Sprintf(`SHARE ROW EXCLUSIVE locks the ADD took on %q and %q`, table, ref), `writes to both tables wait`
					if ref == table || ref == "" {
						locks, blocked = fmt.Sprintf(`SHARE ROW EXCLUSIVE lock the ADD took on %q`, table), `writes to "`+table+`" wait`
					}
				}
				p.ReportWork(at.Relation.Location, WorkScan, "validating %q in the same transaction that added it NOT VALID: the scan runs under the %s, so %s until it ends, as if NOT VALID had not been used",
					cmd.Name, locks, blocked)
				continue
			}
			if l, other := sameStatementLock(at, i); l.BlocksWrites() {
				blocked := `writes to "` + table + `" wait`
				if l.BlocksReads() {
					blocked = `every query on "` + table + `" waits`
				}
				p.ReportWork(at.Relation.Location, WorkScan, "validating %q in the same statement as %s, which takes %s on %q: the validation scan runs under that lock, so %s until it ends",
					cmd.Name, other, l, table, blocked)
				continue
			}
			if h, ok := st.held[key]; ok && p.Tx.Open && h.tx == p.Tx.ID {
				blocked := `writes to "` + table + `" wait`
				if h.lock.BlocksReads() {
					blocked = `every query on "` + table + `" waits`
				}
				p.ReportWork(at.Relation.Location, WorkScan, "validating %q after %s (line %d) took %s on %q in the same transaction: the validation scan runs while that lock is held, so %s until it ends",
					cmd.Name, h.what, h.line, h.lock, table, blocked)
			}
		}
	},
}

func init() { Register(validateInSameTransaction) }

// sameStatementLock returns the strongest lock that the commands of an
// ALTER TABLE other than the one at index skip take, and names the command
// that takes it: `ALTER TABLE t VALIDATE CONSTRAINT c, DROP COLUMN x`
// validates under DROP COLUMN's ACCESS EXCLUSIVE.
func sameStatementLock(at *pgparse.AlterTableStmt, skip int) (Lock, string) {
	strongest, what := LockNone, ""
	for i, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		if l := alterCmdLock(cmd); i != skip && l > strongest {
			strongest, what = l, alterCmdPhrase(cmd)
		}
	}
	return strongest, what
}

// alterCmdPhrase names an ALTER TABLE command for a message: `DROP COLUMN
// "legacy"`, `ADD CONSTRAINT "c"`.
func alterCmdPhrase(cmd *pgparse.AlterTableCmd) string {
	col := quoteName(cmd.Name)
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_DropColumn:
		return "DROP COLUMN " + col
	case pgparse.AlterTableType_AT_AddColumn:
		return "ADD COLUMN " + quoteName(cmd.GetDef().GetColumnDef().GetColname())
	case pgparse.AlterTableType_AT_AlterColumnType:
		return "ALTER COLUMN " + col + " TYPE"
	case pgparse.AlterTableType_AT_SetNotNull:
		return "ALTER COLUMN " + col + " SET NOT NULL"
	case pgparse.AlterTableType_AT_DropNotNull:
		return "ALTER COLUMN " + col + " DROP NOT NULL"
	case pgparse.AlterTableType_AT_ColumnDefault:
		return "ALTER COLUMN " + col + " SET DEFAULT"
	case pgparse.AlterTableType_AT_AddConstraint:
		return "ADD " + constraintPhrase("constraint", cmd.GetDef().GetConstraint().GetConname())
	case pgparse.AlterTableType_AT_DropConstraint:
		return "DROP CONSTRAINT " + col
	case pgparse.AlterTableType_AT_ValidateConstraint:
		return "VALIDATE CONSTRAINT " + col
	}
	return "another command"
}

// validateState is what the rule remembers of the file's statements: the
// write-blocking locks of the open transaction and the constraints it
// added NOT VALID.
type validateState struct {
	held     map[string]heldLock    // relation key → first strongest lock
	notValid map[string]notValidAdd // relation key + "." + constraint name → ADD
	tx       int                    // transaction the maps describe
}

// heldLock is a write-blocking lock that an earlier statement of the open
// transaction took.
type heldLock struct {
	lock Lock
	tx   int
	what string
	line int
}

// notValidAdd is a constraint added NOT VALID in the open transaction.
type notValidAdd struct {
	kind schema.ConstraintKind
	ref  string // referenced table of a foreign key, as displayed
}

// record remembers the locks the current statement takes and the
// constraints it adds NOT VALID, for the statements after it.
func (st *validateState) record(p *Pass) {
	if st.tx != p.Tx.ID || !p.Tx.Open {
		// Made when a lock is first held: most statements run outside a
		// transaction, or take no lock that blocks writes.
		st.held, st.notValid, st.tx = nil, nil, p.Tx.ID
	}
	n := p.Node()
	if n == nil || !p.Tx.Open {
		return
	}
	for _, lt := range sessionLocks(p, n) {
		if !lt.lock.BlocksWrites() || !lt.preExisting(p) {
			continue
		}
		if h, ok := st.held[lt.key]; ok && h.lock >= lt.lock {
			continue
		}
		what, _ := subject(n)
		if st.held == nil {
			st.held = map[string]heldLock{}
		}
		st.held[lt.key] = heldLock{lock: lt.lock, tx: p.Tx.ID, what: what, line: p.Lines.Pos(p.Stmt.Start).Line}
	}
	if at := n.GetAlterTableStmt(); at != nil {
		key := schema.RelKey(at.Relation)
		for _, c := range at.Cmds {
			con := c.GetAlterTableCmd().GetDef().GetConstraint()
			if c.GetAlterTableCmd().GetSubtype() != pgparse.AlterTableType_AT_AddConstraint || con == nil || !con.SkipValidation || con.Conname == "" {
				continue
			}
			if st.notValid == nil {
				st.notValid = map[string]notValidAdd{}
			}
			st.notValid[key+"."+con.Conname] = notValidAdd{kind: constraintKindOf(con), ref: displayRel(con.Pktable)}
		}
	}
}

// addedNotValidInTx reports whether constraint name of the table with the
// given key was added NOT VALID in the open transaction (by an earlier
// statement, or by an earlier command of this ALTER TABLE), with its kind
// and, for a foreign key, the referenced table as displayed.
func addedNotValidInTx(p *Pass, st *validateState, at *pgparse.AlterTableStmt, cmdIndex int, key, name string) (schema.ConstraintKind, string, bool) {
	for _, c := range at.Cmds[:cmdIndex] {
		cmd := c.GetAlterTableCmd()
		if con := cmd.GetDef().GetConstraint(); cmd.GetSubtype() == pgparse.AlterTableType_AT_AddConstraint &&
			con != nil && con.SkipValidation && con.Conname == name {
			return constraintKindOf(con), displayRel(con.Pktable), true
		}
	}
	if !p.Tx.Open {
		return 0, "", false // the statement is a transaction of its own
	}
	if t := p.Table(at.Relation); t != nil {
		if c := t.Constraint(name); c != nil && !c.Validated && c.Created.Tx == p.Tx.ID {
			return c.Kind, displayKey(c.RefTable), true
		}
	}
	if add, ok := st.notValid[key+"."+name]; ok && st.tx == p.Tx.ID {
		return add.kind, add.ref, true
	}
	if p.Tx.NotValidInTx(key, name) {
		return 0, "", true // kind unknown
	}
	return 0, "", false
}

// constraintKindOf maps a parsed constraint type to the catalog's kind.
func constraintKindOf(con *pgparse.Constraint) schema.ConstraintKind {
	switch con.Contype {
	case pgparse.ConstrType_CONSTR_FOREIGN:
		return schema.ForeignKey
	case pgparse.ConstrType_CONSTR_UNIQUE:
		return schema.Unique
	case pgparse.ConstrType_CONSTR_PRIMARY:
		return schema.PrimaryKey
	case pgparse.ConstrType_CONSTR_EXCLUSION:
		return schema.Exclusion
	}
	return schema.Check
}
