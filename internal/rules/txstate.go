package rules

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/schema"
)

// TxState is the transaction state of a file before a statement: whether a
// transaction block is open and why, and what happened inside it.
type TxState struct {
	// Mode is how the migration tool runs this file.
	Mode migrations.TxMode
	// Open is true when the statement runs inside a transaction block,
	// whether the tool opened it, the file did (BEGIN), or PostgreSQL did
	// (a multi-statement string).
	Open bool
	// Explicit is true when the open block was started by BEGIN in the file;
	// BeginOffset is then where.
	Explicit    bool
	BeginOffset int
	// ID numbers the open transaction; 0 when none is open. IDs are unique
	// across one replay of a set, so schema.Origin.Tx can be compared with it.
	ID int

	// LockTimeout and StatementTimeout say whether a non-zero timeout is in
	// effect for this statement.
	LockTimeout      Timeout
	StatementTimeout Timeout

	// StrongestLock is the strongest table lock held so far in the open
	// transaction on a relation that existed before the file, with the
	// relation and the offset of the statement that took it.
	StrongestLock Lock
	LockedRel     string
	LockedAt      int

	created   map[string]int // relation key → tx id that created it (0: autocommit)
	notValid  map[string]int // table key + "." + constraint → tx id of ADD … NOT VALID
	enumAdded map[string]int // enum key + "\x00" + value → tx id of ADD VALUE
}

// Timeout is the state of one timeout setting.
type Timeout struct {
	Session bool // SET … (survives COMMIT)
	Local   bool // SET LOCAL … or set_config(…, true) in the open transaction
}

// InEffect reports whether a non-zero timeout applies.
func (t Timeout) InEffect() bool { return t.Session || t.Local }

// IsNew reports whether relation key was created earlier in this file.
func (s *TxState) IsNew(key string) bool {
	_, ok := s.created[key]
	return ok
}

// CreatedInTx reports whether relation key was created in the open transaction.
func (s *TxState) CreatedInTx(key string) bool {
	id, ok := s.created[key]
	return ok && s.Open && id == s.ID
}

// NotValidInTx reports whether constraint name of table key was added NOT
// VALID in the open transaction.
func (s *TxState) NotValidInTx(table, name string) bool {
	id, ok := s.notValid[table+"."+name]
	return ok && s.Open && id == s.ID
}

// EnumValueAddedInTx reports whether value was added to an enum in the
// open transaction, and returns that enum's key.
func (s *TxState) EnumValueAddedInTx(value string) (string, bool) {
	if !s.Open {
		return "", false
	}
	for k, id := range s.enumAdded {
		if id == s.ID && strings.HasSuffix(k, "\x00"+value) {
			return strings.SplitN(k, "\x00", 2)[0], true
		}
	}
	return "", false
}

// txTracker advances a TxState statement by statement.
type txTracker struct {
	st     *TxState
	nextID *int
	file   string
}

func newTracker(f *migrations.File, nStmts int, nextID *int) *txTracker {
	st := &TxState{
		Mode:      f.Tx,
		created:   map[string]int{},
		notValid:  map[string]int{},
		enumAdded: map[string]int{},
	}
	t := &txTracker{st: st, nextID: nextID, file: f.Path}
	if f.Tx == migrations.TxWrapped || (f.Tx == migrations.TxImplicit && nStmts > 1) {
		t.open(false, 0)
	}
	return t
}

func (t *txTracker) open(explicit bool, off int) {
	*t.nextID++
	t.st.Open, t.st.Explicit, t.st.BeginOffset, t.st.ID = true, explicit, off, *t.nextID
	t.st.StrongestLock, t.st.LockedRel = LockNone, ""
}

// close ends the open transaction. SET LOCAL values end with it, after a
// COMMIT as after a ROLLBACK.
func (t *txTracker) close() {
	t.st.Open, t.st.Explicit, t.st.ID = false, false, 0
	t.st.LockTimeout.Local, t.st.StatementTimeout.Local = false, false
	t.st.StrongestLock, t.st.LockedRel = LockNone, ""
	if t.st.Mode == migrations.TxImplicit {
		// The rest of a multi-statement string runs in a new implicit block.
		t.open(false, 0)
	}
}

// origin is where a statement about to be applied runs.
func (t *txTracker) origin() schema.Origin {
	return schema.Origin{File: t.file, Tx: t.st.ID}
}

// advance updates the state with the effect of stmt, which started at offset off.
func (t *txTracker) advance(stmt *pg_query.Node, off int, isNew func(string) bool) {
	st := t.st
	switch n := stmt.Node.(type) {
	case *pg_query.Node_TransactionStmt:
		switch n.TransactionStmt.Kind {
		case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
			if !st.Open || (st.Mode == migrations.TxImplicit && !st.Explicit) {
				t.open(true, off)
			}
		case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
			t.close()
		case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			t.close()
		}
		return
	case *pg_query.Node_VariableSetStmt:
		t.setVariable(n.VariableSetStmt)
		return
	case *pg_query.Node_SelectStmt:
		t.setConfig(n.SelectStmt)
		return
	}
	for _, rel := range CreatedRelations(stmt) {
		st.created[rel] = st.ID
	}
	t.trackConstraints(stmt)
	if lock, rel := LockOf(stmt); lock > st.StrongestLock && st.Open && rel != "" && !isNew(rel) {
		st.StrongestLock, st.LockedRel, st.LockedAt = lock, rel, off
	}
}

func (t *txTracker) trackConstraints(stmt *pg_query.Node) {
	switch n := stmt.Node.(type) {
	case *pg_query.Node_AlterTableStmt:
		rel := schema.RelKey(n.AlterTableStmt.Relation)
		for _, c := range n.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd == nil || cmd.Subtype != pg_query.AlterTableType_AT_AddConstraint {
				continue
			}
			if con := cmd.GetDef().GetConstraint(); con != nil && con.SkipValidation && con.Conname != "" {
				t.st.notValid[rel+"."+con.Conname] = t.st.ID
			}
		}
	case *pg_query.Node_AlterEnumStmt:
		if n.AlterEnumStmt.NewVal != "" && n.AlterEnumStmt.OldVal == "" {
			t.st.enumAdded[qualifiedName(n.AlterEnumStmt.TypeName)+"\x00"+n.AlterEnumStmt.NewVal] = t.st.ID
		}
	}
}

func (t *txTracker) setVariable(v *pg_query.VariableSetStmt) {
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		t.st.LockTimeout, t.st.StatementTimeout = Timeout{}, Timeout{}
		return
	}
	target := t.timeout(v.Name)
	if target == nil {
		return
	}
	on := v.Kind == pg_query.VariableSetKind_VAR_SET_VALUE && !isZeroSetting(v.Args)
	if v.IsLocal {
		if t.st.Open {
			target.Local = on
		}
		return
	}
	target.Session, target.Local = on, false
}

// setConfig handles SELECT set_config('lock_timeout', '2s', is_local).
func (t *txTracker) setConfig(sel *pg_query.SelectStmt) {
	for _, rt := range sel.TargetList {
		fc := rt.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || funcName(fc) != "set_config" || len(fc.Args) != 3 {
			continue
		}
		target := t.timeout(constString(fc.Args[0]))
		if target == nil {
			continue
		}
		on := !isZeroSetting(fc.Args[1:2])
		if constBool(fc.Args[2]) {
			if t.st.Open {
				target.Local = on
			}
			continue
		}
		target.Session, target.Local = on, false
	}
}

func (t *txTracker) timeout(name string) *Timeout {
	switch strings.ToLower(name) {
	case "lock_timeout":
		return &t.st.LockTimeout
	case "statement_timeout":
		return &t.st.StatementTimeout
	}
	return nil
}

// isZeroSetting reports whether a SET value is 0, '0', '0ms' or similar,
// which disables a timeout.
func isZeroSetting(args []*pg_query.Node) bool {
	if len(args) == 0 {
		return true
	}
	if c := args[0].GetAConst(); c != nil {
		if iv := c.GetIval(); iv != nil {
			return iv.Ival == 0
		}
		if sv := c.GetSval(); sv != nil {
			s := strings.TrimSpace(strings.ToLower(sv.Sval))
			return strings.TrimLeft(s, "0") == "" || strings.TrimLeft(s, "0") == "ms" || strings.TrimLeft(s, "0") == "s" || s == "0min"
		}
		if c.Isnull {
			return true
		}
	}
	return false
}
