package rules

import (
	"math"
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
	"github.com/migguard/migguard/internal/pgparse"
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

	// Block is true when the open transaction is the one a DO block runs
	// in, outside any other transaction block; BlockOffset is then where
	// the DO statement starts.
	Block       bool
	BlockOffset int

	// LockTimeout and StatementTimeout say whether a non-zero timeout is in
	// effect for this statement.
	LockTimeout      Timeout
	StatementTimeout Timeout
	// UTC says whether the session time zone is UTC (or another zone
	// without offset), as a Timeout is on: SET TIME ZONE 'UTC' and
	// set_config('timezone', 'UTC', …) turn it on, another zone off, RESET
	// and SET TIME ZONE DEFAULT restore the configured default (see
	// Options.TimeZone).
	UTC Timeout

	// StrongestLock is the strongest table lock held so far in the open
	// transaction on a relation that existed before the file, with the
	// relation and the offset of the statement that took it.
	StrongestLock Lock
	LockedRel     string
	LockedAt      int

	created   map[string]int // relation key → tx id that created it (0: autocommit)
	copies    map[string]int // relation key → offset of the copy of existing rows that created it
	emptied   map[string]int // table key → tx id of an ADD COLUMN … NOT NULL without a value that proved it empty
	notValid  map[string]int // table key + "." + constraint → tx id of ADD … NOT VALID
	enumAdded map[string]int // enum key + "\x00" + value → tx id of ADD VALUE
	// enumGen changes when a transaction opens and when a type is dropped
	// or renamed: what enumAdded means for the open transaction may then
	// have changed. ADD VALUE and CREATE TYPE do not change it (a label is
	// added to a type that exists).
	enumGen int

	// atBegin holds the timeouts as they were when the open transaction
	// started, which a ROLLBACK restores; savepoints hold them as they were
	// at each SAVEPOINT, which ROLLBACK TO restores.
	atBegin    settings
	savepoints []savepoint
}

// settings are the session settings a transaction tracks: lock_timeout,
// statement_timeout and whether the time zone is UTC.
type settings [3]Timeout

// savepoint is the timeout state saved by SAVEPOINT name.
type savepoint struct {
	name     string
	timeouts settings
}

// Timeout is the state of one timeout setting.
//
// PostgreSQL keeps a session value (SET, set_config(…, false)), which
// survives COMMIT and is undone by ROLLBACK, and a transaction-local value
// (SET LOCAL, set_config(…, true)), which ends with the transaction and
// overrides the session value until then, including when it is 0.
type Timeout struct {
	Session bool // a non-zero SET … (survives COMMIT)
	Local   bool // a non-zero SET LOCAL … or set_config(…, true) in the open transaction

	localOff  bool  // SET LOCAL … = 0 (or TO DEFAULT) overrides the session value
	sessionMS int64 // the session value in milliseconds, 0 when unknown
	localMS   int64 // the local value in milliseconds, 0 when unknown
}

// InEffect reports whether a non-zero timeout applies.
func (t Timeout) InEffect() bool { return t.Local || (t.Session && !t.localOff) }

// Millis returns the timeout in effect in milliseconds, or 0 when none is
// in effect or its value was not written as a constant.
func (t Timeout) Millis() int64 {
	switch {
	case t.Local:
		return t.localMS
	case t.Session && !t.localOff:
		return t.sessionMS
	}
	return 0
}

// setSession records SET …: it replaces the session value and any SET LOCAL
// of the open transaction.
func (t *Timeout) setSession(on bool, ms int64) {
	*t = Timeout{Session: on}
	if on {
		t.sessionMS = ms
	}
}

// setLocal records SET LOCAL …, which lasts until the transaction ends.
func (t *Timeout) setLocal(on bool, ms int64) {
	t.Local, t.localOff, t.localMS = on, !on, 0
	if on {
		t.localMS = ms
	}
}

// endTx drops the transaction-local value at COMMIT or ROLLBACK.
func (t *Timeout) endTx() { t.Local, t.localOff, t.localMS = false, false, 0 }

// IsNew reports whether relation key was created earlier in this file
// and no other session sees rows in it: it was created empty (CREATE
// TABLE, CREATE TABLE AS … WITH NO DATA, a view, an index), or it is a
// copy of existing rows (CREATE TABLE … AS SELECT, SELECT … INTO, CREATE
// MATERIALIZED VIEW … AS) made in the open transaction, which no other
// session can see yet. Once that transaction commits, a copy is a
// populated table like any other: building an index on it blocks writes
// to it while every copied row is read.
func (s *TxState) IsNew(key string) bool {
	id, ok := s.created[key]
	if _, copied := s.copies[key]; copied {
		return ok && s.Open && id == s.ID
	}
	return ok
}

// Empty reports whether relation key was created earlier in this file
// and holds no rows it did not write itself: IsNew without the copies,
// for rules about how long work on it takes.
func (s *TxState) Empty(key string) bool {
	if s.EmptiedInTx(key) {
		return true
	}
	_, ok := s.created[key]
	_, copied := s.copies[key]
	return ok && !copied
}

// EmptiedInTx reports whether an ADD COLUMN … NOT NULL without a value
// succeeded on table key earlier in the open transaction. PostgreSQL
// rejects that statement as soon as the table has a row, so after it the
// table holds no row the transaction did not write itself, and the ACCESS
// EXCLUSIVE lock it took keeps other sessions from adding any until the
// commit: work on the table is as quick as on a new one (Empty). Other
// sessions still use the table, so it is neither IsNew nor Created, and
// rules about statements that fail on rows still report each of them.
//
//	ALTER TABLE posts ADD COLUMN slug text NOT NULL;   -- fails unless posts has no row
//	CREATE UNIQUE INDEX posts_slug_key ON posts (slug); -- builds on an empty table
func (s *TxState) EmptiedInTx(key string) bool {
	id, ok := s.emptied[key]
	return ok && s.Open && id == s.ID
}

// Created reports whether relation key was created earlier in this file,
// empty or as a copy: no running application uses it yet, so nothing
// queues behind a lock on it.
func (s *TxState) Created(key string) bool {
	_, ok := s.created[key]
	return ok
}

// CopiedAt returns the offset of the statement that created relation key
// earlier in this file as a copy of existing rows.
func (s *TxState) CopiedAt(key string) (int, bool) {
	if !s.Created(key) {
		return 0, false
	}
	off, ok := s.copies[key]
	return off, ok
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

func (s *TxState) timeouts() settings { return settings{s.LockTimeout, s.StatementTimeout, s.UTC} }

func (s *TxState) restoreTimeouts(ts settings) {
	s.LockTimeout, s.StatementTimeout, s.UTC = ts[0], ts[1], ts[2]
}

// txTracker advances a TxState statement by statement.
type txTracker struct {
	st     *TxState
	nextID *int
	file   string
	// cat and pg are the schema and the version that decide which table a
	// lock on an index holds (lockedTable); cat is nil in tests.
	cat *schema.Catalog
	pg  Version
	// utcDefault is whether the configured session time zone is UTC.
	utcDefault bool
	// blockLast is the last statement of the body of the DO block whose
	// own transaction is open, nil when there is none.
	blockLast *pgparse.Stmt
	// blockEnd is where the last DO statement ends: the statements of its
	// body, which may be conditional, start before it.
	blockEnd int
	// assumeRows keeps tables from counting as emptied (Options.AssumeRows).
	assumeRows bool
}

func newTracker(f *migrations.File, several bool, nextID *int) *txTracker {
	st := &TxState{
		Mode:      f.Tx,
		created:   map[string]int{},
		copies:    map[string]int{},
		emptied:   map[string]int{},
		notValid:  map[string]int{},
		enumAdded: map[string]int{},
	}
	t := &txTracker{st: st, nextID: nextID, file: f.Path}
	if f.Tx == migrations.TxWrapped || (f.Tx == migrations.TxImplicit && several) {
		t.open(false, 0)
	}
	return t
}

func (t *txTracker) open(explicit bool, off int) {
	*t.nextID++
	st := t.st
	st.Open, st.Explicit, st.BeginOffset, st.ID = true, explicit, off, *t.nextID
	st.StrongestLock, st.LockedRel, st.LockedAt = LockNone, "", 0
	st.Block, st.BlockOffset = false, 0
	st.atBegin, st.savepoints = st.timeouts(), nil
	clear(st.enumAdded) // labels of other transactions are usable
	st.enumGen++
}

// close ends the open transaction. SET LOCAL values end with it, after a
// COMMIT as after a ROLLBACK; a ROLLBACK also undoes the session SETs made
// in it and the relations it created. With chain (COMMIT AND CHAIN) a new
// explicit transaction starts at once.
func (t *txTracker) close(rollback, chain bool, off int) {
	st := t.st
	if !st.Open {
		return // PostgreSQL only warns: there is no transaction in progress
	}
	t.finish(rollback)
	switch {
	case chain:
		t.open(true, off)
	case st.Mode == migrations.TxImplicit:
		// The rest of a multi-statement string runs in a new implicit block.
		t.open(false, 0)
	}
}

// finish ends the open transaction without starting another.
func (t *txTracker) finish(rollback bool) {
	st := t.st
	if rollback {
		st.restoreTimeouts(st.atBegin)
		for k, id := range st.created {
			if id == st.ID {
				delete(st.created, k)
			}
		}
	}
	st.LockTimeout.endTx()
	st.StatementTimeout.endTx()
	st.UTC.endTx()
	st.Open, st.Explicit, st.ID = false, false, 0
	st.Block, st.BlockOffset = false, 0
	st.StrongestLock, st.LockedRel, st.LockedAt = LockNone, "", 0
	st.savepoints = nil
}

// origin is where a statement about to be applied runs.
func (t *txTracker) origin() schema.Origin {
	return schema.Origin{File: t.file, Tx: t.st.ID}
}

// advance updates the state with the effect of stmt, which started at offset off.
func (t *txTracker) advance(stmt *pgparse.Node, off int, isNew func(string) bool) {
	st := t.st
	switch n := stmt.Node.(type) {
	case *pgparse.Node_TransactionStmt:
		t.transaction(n.TransactionStmt, off)
		return
	case *pgparse.Node_VariableSetStmt:
		t.setVariable(n.VariableSetStmt)
		return
	case *pgparse.Node_DiscardStmt:
		if n.DiscardStmt.Target == pgparse.DiscardMode_DISCARD_ALL {
			st.LockTimeout.setSession(false, 0)
			st.StatementTimeout.setSession(false, 0)
			st.UTC.setSession(t.utcDefault, 0)
		}
		return
	case *pgparse.Node_SelectStmt:
		t.setConfig(n.SelectStmt)
	}
	copy := copiesRows(stmt, st)
	for _, rel := range CreatedRelations(stmt) {
		st.created[rel] = st.ID
		delete(st.copies, rel)
		if copy {
			st.copies[rel] = off
		}
	}
	if from, to := renamedRelation(stmt); from != "" {
		// A relation created in this file keeps being so under its new
		// name: a copy renamed into place of one it replaces (CREATE
		// MATERIALIZED VIEW v2 AS …; DROP MATERIALIZED VIEW v; ALTER
		// MATERIALIZED VIEW v2 RENAME TO v) is still unseen by others
		// until its transaction commits.
		if id, ok := st.created[from]; ok {
			delete(st.created, from)
			st.created[to] = id
			if at, ok := st.copies[from]; ok {
				delete(st.copies, from)
				st.copies[to] = at
			}
		}
	}
	if d := stmt.GetCreateDomainStmt(); d != nil {
		// A domain shares pg_type's namespace with relations' row types,
		// so its key cannot collide with a relation's.
		st.created[nameKey(d.Domainname)] = st.ID
	}
	t.trackConstraints(stmt)
	lock, rel := stmtLock(t.pg, stmt)
	if t.cat != nil {
		rel = lockedTable(t.cat, rel)
	}
	if lock > st.StrongestLock && st.Open && rel != "" && !isNew(rel) {
		st.StrongestLock, st.LockedRel, st.LockedAt = lock, rel, off
	}
	if off >= t.blockEnd && !t.assumeRows {
		t.trackEmptied(stmt)
	}
}

// renamedRelation returns the keys of a relation that a statement gives
// a new name or schema (ALTER TABLE, VIEW, MATERIALIZED VIEW, INDEX,
// SEQUENCE or FOREIGN TABLE … RENAME TO or SET SCHEMA), "" for any other
// statement.
func renamedRelation(stmt *pgparse.Node) (from, to string) {
	switch s := stmt.Node.(type) {
	case *pgparse.Node_RenameStmt:
		r := s.RenameStmt
		switch r.RenameType {
		case pgparse.ObjectType_OBJECT_TABLE, pgparse.ObjectType_OBJECT_VIEW, pgparse.ObjectType_OBJECT_MATVIEW,
			pgparse.ObjectType_OBJECT_INDEX, pgparse.ObjectType_OBJECT_SEQUENCE, pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
			if r.Relation != nil && r.Newname != "" {
				return schema.RelKey(r.Relation), schema.Key(r.Relation.Schemaname, r.Newname)
			}
		}
	case *pgparse.Node_AlterObjectSchemaStmt:
		a := s.AlterObjectSchemaStmt
		if a.Relation != nil && a.Newschema != "" {
			return schema.RelKey(a.Relation), schema.Key(a.Newschema, a.Relation.Relname)
		}
	}
	return "", ""
}

// trackEmptied records the table an ALTER TABLE … ADD COLUMN … NOT NULL
// without a default, identity or generated value empties in the open
// transaction (see TxState.EmptiedInTx). IF NOT EXISTS may skip the
// column, and a statement in a DO block may not run at all: neither proves
// anything.
func (t *txTracker) trackEmptied(stmt *pgparse.Node) {
	at := stmt.GetAlterTableStmt()
	if !t.st.Open || at == nil || at.Objtype != pgparse.ObjectType_OBJECT_TABLE || at.Relation == nil {
		return
	}
	for _, c := range at.Cmds {
		cmd := c.GetAlterTableCmd()
		cd := cmd.GetDef().GetColumnDef()
		if cmd.GetSubtype() != pgparse.AlterTableType_AT_AddColumn || cmd.MissingOk || cd == nil {
			continue
		}
		notNull := cd.IsNotNull || constraintOf(cd, pgparse.ConstrType_CONSTR_NOTNULL) != nil ||
			constraintOf(cd, pgparse.ConstrType_CONSTR_PRIMARY) != nil
		if notNull && !newColumnGetsValues(cd) && cd.Identity == "" && cd.Generated == "" {
			t.st.emptied[schema.RelKey(at.Relation)] = t.st.ID
			return
		}
	}
}

// transaction applies BEGIN, COMMIT, ROLLBACK and savepoint commands.
func (t *txTracker) transaction(ts *pgparse.TransactionStmt, off int) {
	st := t.st
	switch ts.Kind {
	case pgparse.TransactionStmtKind_TRANS_STMT_BEGIN, pgparse.TransactionStmtKind_TRANS_STMT_START:
		switch {
		case !st.Open:
			t.open(true, off)
		case st.Mode == migrations.TxImplicit && !st.Explicit:
			// BEGIN turns the implicit block of a multi-statement string
			// into a regular one: the statements before it are part of it.
			st.Explicit, st.BeginOffset = true, off
		}
		// Otherwise PostgreSQL warns that a transaction is already in
		// progress and carries on in it.
	case pgparse.TransactionStmtKind_TRANS_STMT_COMMIT:
		t.close(false, ts.Chain, off)
	case pgparse.TransactionStmtKind_TRANS_STMT_PREPARE:
		// PREPARE TRANSACTION keeps the session SETs, as COMMIT does.
		t.close(false, false, off)
	case pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		t.close(true, ts.Chain, off)
	case pgparse.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		if st.Open {
			st.savepoints = append(st.savepoints, savepoint{name: ts.SavepointName, timeouts: st.timeouts()})
		}
	case pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		if i := t.savepoint(ts.SavepointName); i >= 0 {
			st.restoreTimeouts(st.savepoints[i].timeouts)
			st.savepoints = st.savepoints[:i+1]
		}
	case pgparse.TransactionStmtKind_TRANS_STMT_RELEASE:
		if i := t.savepoint(ts.SavepointName); i >= 0 {
			st.savepoints = st.savepoints[:i]
		}
	}
}

// savepoint returns the index of the latest savepoint called name, or -1.
func (t *txTracker) savepoint(name string) int {
	for i := len(t.st.savepoints) - 1; i >= 0; i-- {
		if strings.EqualFold(t.st.savepoints[i].name, name) {
			return i
		}
	}
	return -1
}

func (t *txTracker) trackConstraints(stmt *pgparse.Node) {
	switch n := stmt.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		rel := schema.RelKey(n.AlterTableStmt.Relation)
		for _, c := range n.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd == nil || cmd.Subtype != pgparse.AlterTableType_AT_AddConstraint {
				continue
			}
			if con := cmd.GetDef().GetConstraint(); con != nil && con.SkipValidation && con.Conname != "" {
				t.st.notValid[rel+"."+con.Conname] = t.st.ID
			}
		}
	case *pgparse.Node_AlterEnumStmt:
		if n.AlterEnumStmt.NewVal != "" && n.AlterEnumStmt.OldVal == "" {
			t.st.enumAdded[qualifiedName(n.AlterEnumStmt.TypeName)+"\x00"+n.AlterEnumStmt.NewVal] = t.st.ID
		}
	case *pgparse.Node_DropStmt:
		if n.DropStmt.RemoveType == pgparse.ObjectType_OBJECT_TYPE {
			t.st.enumGen++
		}
	case *pgparse.Node_RenameStmt:
		if n.RenameStmt.RenameType == pgparse.ObjectType_OBJECT_TYPE {
			t.st.enumGen++
		}
	}
}

func (t *txTracker) setVariable(v *pgparse.VariableSetStmt) {
	switch v.Kind {
	case pgparse.VariableSetKind_VAR_RESET_ALL:
		t.st.LockTimeout.setSession(false, 0)
		t.st.StatementTimeout.setSession(false, 0)
		t.st.UTC.setSession(t.utcDefault, 0)
		return
	case pgparse.VariableSetKind_VAR_SET_CURRENT, pgparse.VariableSetKind_VAR_SET_MULTI:
		return // FROM CURRENT only applies to function definitions
	}
	if strings.EqualFold(v.Name, "timezone") {
		on := t.utcDefault
		if v.Kind == pgparse.VariableSetKind_VAR_SET_VALUE && len(v.Args) > 0 {
			on = zoneIsUTC(v.Args[0])
		}
		t.set(&t.st.UTC, v.IsLocal, on, 0)
		return
	}
	target := t.timeout(v.Name)
	if target == nil {
		return
	}
	on, ms := false, int64(0)
	if v.Kind == pgparse.VariableSetKind_VAR_SET_VALUE && len(v.Args) > 0 {
		on, ms = timeoutSetting(v.Args[0])
	}
	// RESET and SET … TO DEFAULT act like SET: they replace the session
	// value, unless LOCAL is given.
	t.set(target, v.IsLocal, on, ms)
}

// set records a new value of a timeout. SET LOCAL outside a transaction
// block has no effect (PostgreSQL only warns).
func (t *txTracker) set(target *Timeout, local, on bool, ms int64) {
	if !local {
		target.setSession(on, ms)
		return
	}
	if t.st.Open {
		target.setLocal(on, ms)
	}
}

// setConfig handles SELECT set_config('lock_timeout', '2s', is_local).
func (t *txTracker) setConfig(sel *pgparse.SelectStmt) {
	for _, rt := range sel.TargetList {
		fc := rt.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || funcName(fc) != "set_config" || len(fc.Args) != 3 {
			continue
		}
		if strings.EqualFold(constString(fc.Args[0]), "timezone") {
			t.set(&t.st.UTC, constBool(fc.Args[2]), zoneIsUTC(fc.Args[1]), 0)
			continue
		}
		target := t.timeout(constString(fc.Args[0]))
		if target == nil {
			continue
		}
		on, ms := timeoutSetting(fc.Args[1])
		t.set(target, constBool(fc.Args[2]), on, ms)
	}
}

// timeout returns the tracked setting called name. Qualified names such as
// myapp.lock_timeout are custom settings, not the server's.
func (t *txTracker) timeout(name string) *Timeout {
	switch strings.ToLower(name) {
	case "lock_timeout":
		return &t.st.LockTimeout
	case "statement_timeout":
		return &t.st.StatementTimeout
	}
	return nil
}

// timeoutSetting reads the value given to a timeout: on is false when the
// value is 0 (in any unit) or NULL, which disables the timeout; ms is the
// value in milliseconds when it is a constant, 0 otherwise. A value that is
// not a constant counts as a non-zero timeout.
func timeoutSetting(n *pgparse.Node) (on bool, ms int64) {
	if tc := n.GetTypeCast(); tc != nil {
		return timeoutSetting(tc.Arg)
	}
	c := n.GetAConst()
	if c == nil {
		return true, 0
	}
	var v float64
	switch {
	case c.Isnull:
		return false, 0
	case c.GetIval() != nil:
		v = float64(c.GetIval().Ival)
	case c.GetFval() != nil:
		f, err := strconv.ParseFloat(c.GetFval().Fval, 64)
		if err != nil {
			return true, 0
		}
		v = f
	case c.GetSval() != nil:
		f, ok := parseDuration(c.GetSval().Sval)
		if !ok {
			return true, 0
		}
		v = f
	default:
		return true, 0
	}
	if v == 0 {
		return false, 0
	}
	return true, int64(math.Round(v))
}

// durationUnits are the time units PostgreSQL accepts in settings, in
// milliseconds.
var durationUnits = map[string]float64{
	"": 1, "us": 0.001, "ms": 1, "s": 1000, "min": 60 * 1000, "h": 60 * 60 * 1000, "d": 24 * 60 * 60 * 1000,
}

// parseDuration reads a setting such as "2s", "1500", "0.5 min" as
// milliseconds (the unit of lock_timeout and statement_timeout).
func parseDuration(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || (i == 0 && (s[i] == '-' || s[i] == '+'))) {
		i++
	}
	num, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, false
	}
	unit, ok := durationUnits[strings.TrimSpace(s[i:])]
	if !ok {
		return 0, false
	}
	return num * unit, true
}

// setDefaultZone records the configured session time zone, which the
// session starts with and RESET restores.
func (t *txTracker) setDefaultZone(utc bool) {
	t.utcDefault = utc
	t.st.UTC.setSession(utc, 0)
}

// step advances the state past statement s of the pass's file. A DO block
// runs as one statement: outside a transaction block the statements of
// its body (which follow it in p.Stmts, see pgparse.ExpandDo) share the
// block's own transaction, which ends after the last of them.
func (t *txTracker) step(p *Pass, s *pgparse.Stmt) {
	t.cat, t.pg = p.Catalog, p.PG
	if s.Node != nil {
		t.advance(s.Node, s.Start, p.Tx.Created)
	}
	if s.Block != nil && s.End > t.blockEnd {
		t.blockEnd = s.End
	}
	if last := lastParsed(s.Block); last != nil && !t.st.Open {
		t.open(false, s.Start)
		t.st.Block, t.st.BlockOffset = true, s.Start
		t.blockLast = last
		return
	}
	if s == t.blockLast {
		t.blockLast = nil
		if t.st.Open && t.st.Block {
			t.finish(false)
		}
	}
}

// lastParsed returns the last statement of a DO block's body that parses,
// the last one the engine steps past; nil when there is none.
func lastParsed(b *pgparse.Block) *pgparse.Stmt {
	if b == nil {
		return nil
	}
	for i := len(b.Body) - 1; i >= 0; i-- {
		if b.Body[i].Node != nil {
			return b.Body[i]
		}
	}
	return nil
}

// copiesRows reports whether a statement creates a relation holding a
// copy of the rows of relations that are not new and empty: CREATE TABLE
// … AS, CREATE MATERIALIZED VIEW … AS (without WITH NO DATA) and SELECT …
// INTO reading from at least one of them. A temporary copy is left out:
// only the migration's session sees it.
func copiesRows(n *pgparse.Node, st *TxState) bool {
	var sel *pgparse.SelectStmt
	switch s := n.Node.(type) {
	case *pgparse.Node_CreateTableAsStmt:
		into := s.CreateTableAsStmt.GetInto()
		if into.GetSkipData() || into.GetRel().GetRelpersistence() == "t" {
			return false // empty, or seen by this session only
		}
		sel = s.CreateTableAsStmt.Query.GetSelectStmt()
	case *pgparse.Node_SelectStmt:
		into := s.SelectStmt.IntoClause
		if into == nil || into.GetRel().GetRelpersistence() == "t" {
			return false
		}
		sel = s.SelectStmt
	default:
		return false
	}
	for _, rv := range selectSources(sel, nil) {
		if rv.Relpersistence != "t" && !st.Empty(relKey(rv)) {
			return true
		}
	}
	return false
}
