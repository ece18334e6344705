package rules

import (
	"strconv"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
	"github.com/migguard/migguard/internal/schema"
)

// This file holds what the session, transaction and maintenance rules share:
// which table locks a statement waits for, which statements run long, how
// to name the objects in messages and how the file's transaction came about.

// lockTarget is a table lock that a statement takes on one relation.
type lockTarget struct {
	lock Lock
	key  string // catalog key of the relation
	loc  int32  // location of the relation's name in the statement, -1 when unknown
	temp bool   // the statement names a temporary relation
}

// sessionLocks returns the table locks a statement waits for: LockOf's lock
// on its main relation, the same lock on every other relation a TRUNCATE,
// LOCK, VACUUM or DROP names, and the locks taken on other relations:
// SHARE ROW EXCLUSIVE on the table a new foreign key references, ACCESS
// EXCLUSIVE on the parent of CREATE TABLE … PARTITION OF and on the
// partition being attached or detached, the locks of REINDEX, SET SCHEMA
// and DROP TRIGGER/RULE/POLICY.
func sessionLocks(n *pgparse.Node) []lockTarget {
	var out []lockTarget
	add := func(l Lock, rv *pgparse.RangeVar) {
		if rv != nil && rv.Relname != "" && l > LockNone {
			out = append(out, lockTarget{lock: l, key: schema.RelKey(rv), loc: rv.Location, temp: rv.Relpersistence == "t"})
		}
	}
	lock, key := LockOf(n)
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		add(lock, s.AlterTableStmt.Relation)
		for _, c := range s.AlterTableStmt.Cmds {
			alterCmdLocks(c.GetAlterTableCmd(), add)
		}
	case *pgparse.Node_CreateStmt:
		cs := s.CreateStmt
		if cs.Partbound != nil && len(cs.InhRelations) > 0 {
			add(LockAccessExclusive, cs.InhRelations[0].GetRangeVar())
		}
		for _, elt := range cs.TableElts {
			if con := elt.GetConstraint(); con != nil {
				add(fkLock(con), con.Pktable)
			}
			for _, cc := range elt.GetColumnDef().GetConstraints() {
				add(fkLock(cc.GetConstraint()), cc.GetConstraint().GetPktable())
			}
		}
	case *pgparse.Node_IndexStmt:
		add(lock, s.IndexStmt.Relation)
	case *pgparse.Node_TruncateStmt:
		for _, r := range s.TruncateStmt.Relations {
			add(lock, r.GetRangeVar())
		}
	case *pgparse.Node_LockStmt:
		for _, r := range s.LockStmt.Relations {
			add(lock, r.GetRangeVar())
		}
	case *pgparse.Node_VacuumStmt:
		for _, r := range s.VacuumStmt.Rels {
			add(lock, r.GetVacuumRelation().GetRelation())
		}
	case *pgparse.Node_CreateTrigStmt:
		add(lock, s.CreateTrigStmt.Relation)
	case *pgparse.Node_ClusterStmt:
		add(lock, s.ClusterStmt.Relation)
	case *pgparse.Node_RefreshMatViewStmt:
		add(lock, s.RefreshMatViewStmt.Relation)
	case *pgparse.Node_RenameStmt:
		add(lock, s.RenameStmt.Relation)
	case *pgparse.Node_AlterObjectSchemaStmt:
		add(LockAccessExclusive, s.AlterObjectSchemaStmt.Relation)
	case *pgparse.Node_ReindexStmt:
		r := s.ReindexStmt
		if !HasOption(r.Params, "concurrently") {
			switch r.Kind {
			case pgparse.ReindexObjectType_REINDEX_OBJECT_TABLE:
				add(LockShare, r.Relation)
			case pgparse.ReindexObjectType_REINDEX_OBJECT_INDEX:
				add(LockAccessExclusive, r.Relation)
			}
		}
	case *pgparse.Node_DropStmt:
		out = append(out, dropLocks(s.DropStmt, lock, key)...)
	}
	return out
}

// alterCmdLocks adds the locks an ALTER TABLE command takes on relations
// other than the altered table.
func alterCmdLocks(cmd *pgparse.AlterTableCmd, add func(Lock, *pgparse.RangeVar)) {
	if cmd == nil {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AddConstraint:
		con := cmd.GetDef().GetConstraint()
		add(fkLock(con), con.GetPktable())
	case pgparse.AlterTableType_AT_AddColumn:
		for _, cc := range cmd.GetDef().GetColumnDef().GetConstraints() {
			add(fkLock(cc.GetConstraint()), cc.GetConstraint().GetPktable())
		}
	case pgparse.AlterTableType_AT_AttachPartition:
		add(LockAccessExclusive, cmd.GetDef().GetPartitionCmd().GetName())
	case pgparse.AlterTableType_AT_DetachPartition:
		if pc := cmd.GetDef().GetPartitionCmd(); pc != nil && !pc.Concurrent {
			add(LockAccessExclusive, pc.Name)
		}
	}
}

// fkLock is the lock a new foreign key takes on the table it references.
func fkLock(con *pgparse.Constraint) Lock {
	if con == nil || con.Contype != pgparse.ConstrType_CONSTR_FOREIGN {
		return LockNone
	}
	return LockShareRowExclusive
}

// dropLocks returns the locks of a DROP statement: on every relation it
// drops, or on the table of a trigger, rule or policy.
func dropLocks(d *pgparse.DropStmt, lock Lock, key string) []lockTarget {
	var out []lockTarget
	switch d.RemoveType {
	case pgparse.ObjectType_OBJECT_TRIGGER, pgparse.ObjectType_OBJECT_RULE, pgparse.ObjectType_OBJECT_POLICY:
		for _, o := range d.Objects {
			if items := o.GetList().GetItems(); len(items) > 1 {
				out = append(out, lockTarget{lock: LockAccessExclusive, key: nameKey(items[:len(items)-1]), loc: -1})
			}
		}
		return out
	}
	if key == "" || lock == LockNone {
		return nil
	}
	for _, o := range d.Objects {
		if k := listKey(o); k != "" {
			out = append(out, lockTarget{lock: lock, key: k, loc: -1})
		}
	}
	return out
}

// preExisting reports whether a locked relation existed before this file:
// not created earlier in it, and not temporary.
func (t lockTarget) preExisting(p *Pass) bool { return !t.temp && !p.Tx.IsNew(t.key) }

// displayKey turns a catalog key into the name a message shows: public
// tables unqualified, others as schema.name.
func displayKey(key string) string { return strings.TrimPrefix(key, "public.") }

// displayRel is the name a message shows for a relation reference:
// displayKey(schema.RelKey(rv)), without building the key for the usual
// unqualified name.
func displayRel(rv *pgparse.RangeVar) string {
	if rv != nil && (rv.Schemaname == "" || rv.Schemaname == "public") {
		return rv.Relname
	}
	return displayKey(schema.RelKey(rv))
}

// queuedOn returns the name of the table whose queries queue behind a lock
// on key: the table itself, or the table of an index the catalog knows.
func queuedOn(p *Pass, key string) string {
	if sch, name, ok := strings.Cut(key, "."); ok {
		if idx := p.Catalog.Index(sch, name); idx != nil && idx.Table != "" {
			return displayKey(idx.Table)
		}
	}
	return displayKey(key)
}

// commandTag names a statement the way PostgreSQL's command tags do
// ("ALTER TABLE", "CREATE INDEX", "VACUUM FULL").
func commandTag(n *pgparse.Node) string {
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		return "ALTER " + objectWord(s.AlterTableStmt.Objtype)
	case *pgparse.Node_RenameStmt:
		t := s.RenameStmt.RenameType
		if t == pgparse.ObjectType_OBJECT_COLUMN || t == pgparse.ObjectType_OBJECT_TABCONSTRAINT {
			t = s.RenameStmt.RelationType
		}
		return "ALTER " + objectWord(t)
	case *pgparse.Node_AlterObjectSchemaStmt:
		return "ALTER " + objectWord(s.AlterObjectSchemaStmt.ObjectType)
	case *pgparse.Node_DropStmt:
		return "DROP " + objectWord(s.DropStmt.RemoveType)
	case *pgparse.Node_IndexStmt:
		return "CREATE INDEX"
	case *pgparse.Node_CreateStmt:
		return "CREATE TABLE"
	case *pgparse.Node_CreateTrigStmt:
		return "CREATE TRIGGER"
	case *pgparse.Node_TruncateStmt:
		return "TRUNCATE"
	case *pgparse.Node_LockStmt:
		return "LOCK TABLE"
	case *pgparse.Node_ClusterStmt:
		return "CLUSTER"
	case *pgparse.Node_VacuumStmt:
		if HasOption(s.VacuumStmt.Options, "full") {
			return "VACUUM FULL"
		}
		return "VACUUM"
	case *pgparse.Node_RefreshMatViewStmt:
		return "REFRESH MATERIALIZED VIEW"
	case *pgparse.Node_ReindexStmt:
		return "REINDEX"
	case *pgparse.Node_UpdateStmt:
		return "UPDATE"
	case *pgparse.Node_DeleteStmt:
		return "DELETE"
	case *pgparse.Node_InsertStmt:
		return "INSERT"
	}
	return "the statement"
}

// objectWord is the SQL keyword of an object type in ALTER and DROP.
func objectWord(t pgparse.ObjectType) string {
	switch t {
	case pgparse.ObjectType_OBJECT_INDEX:
		return "INDEX"
	case pgparse.ObjectType_OBJECT_MATVIEW:
		return "MATERIALIZED VIEW"
	case pgparse.ObjectType_OBJECT_VIEW:
		return "VIEW"
	case pgparse.ObjectType_OBJECT_FOREIGN_TABLE:
		return "FOREIGN TABLE"
	case pgparse.ObjectType_OBJECT_SEQUENCE:
		return "SEQUENCE"
	case pgparse.ObjectType_OBJECT_TRIGGER:
		return "TRIGGER"
	case pgparse.ObjectType_OBJECT_RULE:
		return "RULE"
	case pgparse.ObjectType_OBJECT_POLICY:
		return "POLICY"
	}
	return "TABLE"
}

// slowOp is a part of a statement whose run time grows with the size of a
// relation: a rewrite, a full scan, an index build, a change to every row.
type slowOp struct {
	key  string // catalog key of the relation it works through
	loc  int32
	temp bool
	// what says what runs long, e.g. `changes the type of column "email"`.
	what string
	// blocks is set when the statement holds a lock that blocks writes
	// (or reads) of the relation while it runs.
	blocks bool
	// onCancel is set for operations built to run long without blocking
	// (CONCURRENTLY builds, VALIDATE CONSTRAINT), which a short
	// statement_timeout cancels: it says what a cancel leaves behind.
	onCancel string
}

// slowOps returns the long-running parts of a statement.
func slowOps(p *Pass, n *pgparse.Node) []slowOp {
	var out []slowOp
	add := func(rv *pgparse.RangeVar, what string, blocks bool, onCancel string) {
		if rv != nil && rv.Relname != "" {
			out = append(out, slowOp{key: schema.RelKey(rv), loc: rv.Location, temp: rv.Relpersistence == "t",
				what: what, blocks: blocks, onCancel: onCancel})
		}
	}
	switch s := n.Node.(type) {
	case *pgparse.Node_AlterTableStmt:
		for _, c := range s.AlterTableStmt.Cmds {
			alterSlowOps(p, s.AlterTableStmt.Relation, c.GetAlterTableCmd(), add)
		}
	case *pgparse.Node_IndexStmt:
		idx := s.IndexStmt
		add(idx.Relation, "builds index "+indexName(idx), !idx.Concurrent, ifTrue(idx.Concurrent, "an INVALID index"))
	case *pgparse.Node_ReindexStmt:
		conc := HasOption(s.ReindexStmt.Params, "concurrently")
		add(s.ReindexStmt.Relation, "rebuilds its indexes", !conc, ifTrue(conc, "INVALID _ccnew indexes"))
	case *pgparse.Node_UpdateStmt:
		if s.UpdateStmt.WhereClause == nil {
			add(s.UpdateStmt.Relation, "updates every row", true, "")
		}
	case *pgparse.Node_DeleteStmt:
		if s.DeleteStmt.WhereClause == nil {
			add(s.DeleteStmt.Relation, "deletes every row", true, "")
		}
	case *pgparse.Node_VacuumStmt:
		if HasOption(s.VacuumStmt.Options, "full") {
			for _, r := range s.VacuumStmt.Rels {
				add(r.GetVacuumRelation().GetRelation(), "rewrites the table", true, "")
			}
		}
	case *pgparse.Node_ClusterStmt:
		add(s.ClusterStmt.Relation, "rewrites the table", true, "")
	case *pgparse.Node_RefreshMatViewStmt:
		r := s.RefreshMatViewStmt
		if !r.SkipData {
			add(r.Relation, "recomputes the view", !r.Concurrent, "")
		}
	}
	return out
}

// alterSlowOps adds the long-running parts of one ALTER TABLE command.
func alterSlowOps(p *Pass, rel *pgparse.RangeVar, cmd *pgparse.AlterTableCmd, add func(*pgparse.RangeVar, string, bool, string)) {
	if cmd == nil {
		return
	}
	switch cmd.Subtype {
	case pgparse.AlterTableType_AT_AlterColumnType:
		if !typeChangeIsCatalogOnly(p, rel, cmd) {
			add(rel, "changes the type of column "+quoteName(cmd.Name), true, "")
		}
	case pgparse.AlterTableType_AT_SetNotNull:
		add(rel, "sets column "+quoteName(cmd.Name)+" NOT NULL, which scans the table", true, "")
	case pgparse.AlterTableType_AT_AddConstraint:
		if what := constraintWork(cmd.GetDef().GetConstraint()); what != "" {
			add(rel, what, true, "")
		}
	case pgparse.AlterTableType_AT_AddColumn:
		if what := addColumnWork(p, cmd.GetDef().GetColumnDef()); what != "" {
			add(rel, what, true, "")
		}
	case pgparse.AlterTableType_AT_ValidateConstraint:
		add(rel, "validates constraint "+quoteName(cmd.Name)+", which scans the table", false, "the constraint NOT VALID")
	case pgparse.AlterTableType_AT_SetLogged, pgparse.AlterTableType_AT_SetUnLogged,
		pgparse.AlterTableType_AT_SetAccessMethod:
		add(rel, "rewrites the table", true, "")
	case pgparse.AlterTableType_AT_SetTableSpace:
		add(rel, "copies the table to tablespace "+quoteName(cmd.Name), true, "")
	case pgparse.AlterTableType_AT_AttachPartition:
		add(cmd.GetDef().GetPartitionCmd().GetName(), "scans the partition it attaches", true, "")
	case pgparse.AlterTableType_AT_DetachPartition:
		if cmd.GetDef().GetPartitionCmd().GetConcurrent() {
			add(rel, "waits for every transaction that uses the partition", false, "the detach pending (finish it with DETACH … FINALIZE)")
		}
	}
}

// ifTrue returns s when cond holds, "" otherwise.
func ifTrue(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// constraintWork says what adding a constraint scans or builds, "" when it
// is quick (NOT VALID, USING INDEX, NOT NULL through a catalog flag…).
func constraintWork(con *pgparse.Constraint) string {
	if con == nil {
		return ""
	}
	switch con.Contype {
	case pgparse.ConstrType_CONSTR_CHECK:
		if !con.SkipValidation {
			return "adds CHECK constraint " + quoteName(con.Conname) + " without NOT VALID, which scans the table"
		}
	case pgparse.ConstrType_CONSTR_FOREIGN:
		if !con.SkipValidation {
			return "adds foreign key " + quoteName(con.Conname) + " without NOT VALID, which scans the table"
		}
	case pgparse.ConstrType_CONSTR_PRIMARY, pgparse.ConstrType_CONSTR_UNIQUE:
		if con.Indexname == "" {
			return "adds constraint " + quoteName(con.Conname) + ", which builds its index"
		}
	case pgparse.ConstrType_CONSTR_EXCLUSION:
		return "adds exclusion constraint " + quoteName(con.Conname) + ", which builds its index"
	}
	return ""
}

// volatileDefaults are the common volatile functions whose use as a column
// default makes ADD COLUMN rewrite the table.
var volatileDefaults = map[string]bool{
	"random": true, "gen_random_uuid": true, "uuid_generate_v1": true, "uuid_generate_v1mc": true,
	"uuid_generate_v4": true, "clock_timestamp": true, "timeofday": true, "nextval": true,
}

// serialTypes are the pseudo-types that add a sequence default.
var serialTypes = map[string]bool{
	"serial": true, "bigserial": true, "smallserial": true, "serial2": true, "serial4": true, "serial8": true,
}

// addColumnWork says why adding a column rewrites or scans the table, "" when
// it only changes the catalog.
func addColumnWork(p *Pass, cd *pgparse.ColumnDef) string {
	if cd == nil {
		return ""
	}
	col := quoteName(cd.Colname)
	if names := strs(cd.GetTypeName().GetNames()); len(names) > 0 && serialTypes[strings.ToLower(names[len(names)-1])] {
		return "adds serial column " + col + ", which rewrites the table"
	}
	for _, c := range cd.Constraints {
		con := c.GetConstraint()
		switch con.GetContype() {
		case pgparse.ConstrType_CONSTR_IDENTITY, pgparse.ConstrType_CONSTR_GENERATED:
			return "adds generated column " + col + ", which rewrites the table"
		case pgparse.ConstrType_CONSTR_DEFAULT:
			if !p.PG.AtLeast(11, 0) || hasVolatileCall(con.RawExpr) {
				return "adds column " + col + " with a default that rewrites the table"
			}
		}
		if constraintWork(con) == "" {
			continue
		}
		if k := con.Contype; k == pgparse.ConstrType_CONSTR_PRIMARY || k == pgparse.ConstrType_CONSTR_UNIQUE ||
			k == pgparse.ConstrType_CONSTR_EXCLUSION {
			return "adds column " + col + " with a constraint that builds an index"
		}
		return "adds column " + col + " with a constraint that scans the table"
	}
	return ""
}

// hasVolatileCall reports whether an expression calls one of the known
// volatile functions.
func hasVolatileCall(n *pgparse.Node) bool {
	switch e := n.GetNode().(type) {
	case *pgparse.Node_FuncCall:
		if volatileDefaults[funcName(e.FuncCall)] {
			return true
		}
		for _, a := range e.FuncCall.Args {
			if hasVolatileCall(a) {
				return true
			}
		}
	case *pgparse.Node_TypeCast:
		return hasVolatileCall(e.TypeCast.Arg)
	case *pgparse.Node_AExpr:
		return hasVolatileCall(e.AExpr.Lexpr) || hasVolatileCall(e.AExpr.Rexpr)
	case *pgparse.Node_CoalesceExpr:
		for _, a := range e.CoalesceExpr.Args {
			if hasVolatileCall(a) {
				return true
			}
		}
	}
	return false
}

// quoteName quotes an identifier for a message; "" (an unnamed constraint)
// stays empty so the surrounding text still reads.
func quoteName(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return `"` + s + `"`
}

// txOrigin explains in words why the file runs in a transaction, for
// messages: `the migration tool runs this file in one transaction (goose default)`.
func txOrigin(p *Pass) string {
	s := "the migration tool runs this file in one transaction"
	if p.File.TxSource != "" {
		s += " (" + p.File.TxSource + ")"
	}
	return s
}

// isSessionStmt reports whether a statement only controls the session or
// the transaction (BEGIN, COMMIT, SET, RESET, SHOW, set_config), so holds
// no lock of its own and takes no time.
func isSessionStmt(n *pgparse.Node) bool {
	switch s := n.Node.(type) {
	case *pgparse.Node_TransactionStmt, *pgparse.Node_VariableSetStmt, *pgparse.Node_VariableShowStmt,
		*pgparse.Node_DiscardStmt:
		return true
	case *pgparse.Node_SelectStmt:
		return isSetConfig(s.SelectStmt)
	}
	return false
}

// isSetConfig reports whether a SELECT only calls set_config or current_setting.
func isSetConfig(sel *pgparse.SelectStmt) bool {
	if len(sel.TargetList) == 0 || len(sel.FromClause) > 0 {
		return false
	}
	for _, rt := range sel.TargetList {
		fc := rt.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || (funcName(fc) != "set_config" && funcName(fc) != "current_setting") {
			return false
		}
	}
	return true
}

// txEnds reports whether a statement ends the open transaction (COMMIT,
// ROLLBACK, PREPARE TRANSACTION).
func txEnds(n *pgparse.Node) bool {
	ts := n.GetTransactionStmt()
	if ts == nil {
		return false
	}
	switch ts.Kind {
	case pgparse.TransactionStmtKind_TRANS_STMT_COMMIT, pgparse.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pgparse.TransactionStmtKind_TRANS_STMT_PREPARE:
		return true
	}
	return false
}

// formatMillis writes a duration in milliseconds the way a setting is
// usually written: 250ms, 5s, 2min, 1h.
func formatMillis(ms int64) string {
	switch {
	case ms%(60*60*1000) == 0:
		return strconv.FormatInt(ms/(60*60*1000), 10) + "h"
	case ms%(60*1000) == 0:
		return strconv.FormatInt(ms/(60*1000), 10) + "min"
	case ms%1000 == 0:
		return strconv.FormatInt(ms/1000, 10) + "s"
	}
	return strconv.FormatInt(ms, 10) + "ms"
}

// subject names a statement and the relation it is about, for the start of
// a message (`ALTER TABLE "users"`, `CREATE INDEX "users_email_idx"`), and
// returns that relation's catalog key ("" when the subject names none, or
// names an index or trigger rather than a relation).
func subject(n *pgparse.Node) (text, about string) {
	tag := commandTag(n)
	switch s := n.Node.(type) {
	case *pgparse.Node_IndexStmt:
		if s.IndexStmt.Idxname != "" {
			return tag + ` "` + s.IndexStmt.Idxname + `"`, ""
		}
		return tag, ""
	case *pgparse.Node_CreateTrigStmt:
		return tag + ` "` + s.CreateTrigStmt.Trigname + `"`, ""
	}
	key := ""
	if _, k := LockOf(n); k != "" {
		key = k
	} else if rels := CreatedRelations(n); len(rels) > 0 {
		key = rels[0]
	}
	if key == "" {
		return tag, ""
	}
	return tag + ` "` + displayKey(key) + `"`, key
}
