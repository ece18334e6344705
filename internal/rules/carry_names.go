package rules

import (
	"reflect"
	"strings"

	"github.com/migguard/migguard/internal/pgparse"
)

// What a carried run (see carry.go) knows of the objects a statement may
// touch: the words of the names it writes, compared by clash.

// localStatement reports whether a statement reads and changes, of the
// schema, only objects it names or whose names PostgreSQL makes out of
// those (an index's, a constraint's, a sequence's, an array type's), and
// objects that refer to those. The others, and a statement that does not
// parse, may touch any object: a DO block, what works on a whole schema, a
// statement migguard does not know.
func localStatement(s *pgparse.Stmt) bool { return s.Err == nil && localNode(s.Node) }

// localNode is localStatement for a statement that parsed.
func localNode(n *pgparse.Node) bool {
	if n == nil {
		return false
	}
	switch x := n.Node.(type) {
	case *pgparse.Node_DropStmt:
		switch x.DropStmt.RemoveType {
		case pgparse.ObjectType_OBJECT_SCHEMA, pgparse.ObjectType_OBJECT_EXTENSION,
			pgparse.ObjectType_OBJECT_DATABASE:
			return false
		}
		return true
	case *pgparse.Node_RenameStmt:
		return x.RenameStmt.RenameType != pgparse.ObjectType_OBJECT_SCHEMA &&
			x.RenameStmt.RenameType != pgparse.ObjectType_OBJECT_DATABASE
	case *pgparse.Node_GrantStmt:
		return x.GrantStmt.Targtype == pgparse.GrantTargetType_ACL_TARGET_OBJECT
	case *pgparse.Node_VacuumStmt:
		return len(x.VacuumStmt.Rels) > 0
	case *pgparse.Node_CreateStmt, *pgparse.Node_CreateTableAsStmt, *pgparse.Node_SelectStmt,
		*pgparse.Node_AlterTableStmt, *pgparse.Node_IndexStmt, *pgparse.Node_CreateEnumStmt,
		*pgparse.Node_AlterEnumStmt, *pgparse.Node_CreateSeqStmt, *pgparse.Node_AlterSeqStmt,
		*pgparse.Node_ViewStmt, *pgparse.Node_CreateFunctionStmt, *pgparse.Node_AlterFunctionStmt,
		*pgparse.Node_CompositeTypeStmt, *pgparse.Node_CreateDomainStmt, *pgparse.Node_CreateTrigStmt,
		*pgparse.Node_CreatePolicyStmt, *pgparse.Node_AlterPolicyStmt, *pgparse.Node_CommentStmt,
		*pgparse.Node_InsertStmt, *pgparse.Node_UpdateStmt, *pgparse.Node_DeleteStmt,
		*pgparse.Node_MergeStmt, *pgparse.Node_TruncateStmt, *pgparse.Node_LockStmt,
		*pgparse.Node_CopyStmt, *pgparse.Node_TransactionStmt, *pgparse.Node_VariableSetStmt,
		*pgparse.Node_VariableShowStmt, *pgparse.Node_RefreshMatViewStmt, *pgparse.Node_CreateStatsStmt,
		*pgparse.Node_RuleStmt, *pgparse.Node_NotifyStmt, *pgparse.Node_ListenStmt,
		*pgparse.Node_UnlistenStmt, *pgparse.Node_ExplainStmt, *pgparse.Node_CallStmt,
		*pgparse.Node_GrantRoleStmt, *pgparse.Node_CreateRoleStmt, *pgparse.Node_AlterRoleStmt,
		*pgparse.Node_AlterOwnerStmt:
		return true
	}
	return false
}

// writtenWords returns the words (see appendWords) of the names in a
// statement that changes the schema, and of its string constants: what it
// may create, change or drop, and what those refer to. Left out are what
// names a part of an object the statement names (a column, an option, an
// alias), a schema, a type or function of PostgreSQL's own, and a function
// that neither the schema nor the statements before (known) hold, which a
// replay does not follow.
func writtenWords(n *pgparse.Node, known func(string) bool) []string {
	var out []string
	var visit func(*pgparse.Node)
	rangeVar := func(rv *pgparse.RangeVar) {
		if rv != nil {
			out = appendWords(out, rv.Relname)
		}
	}
	typeName := func(tn *pgparse.TypeName) {
		if tn == nil || len(tn.Names) == 0 {
			return
		}
		names := tn.Names
		if len(names) > 1 && names[0].GetString_().GetSval() == "pg_catalog" {
			return
		}
		last := names[len(names)-1].GetString_().GetSval()
		if len(names) == 1 && builtinTypes[last] {
			return
		}
		if tn.PctType { // t.c%TYPE: the table
			for _, x := range names[:len(names)-1] {
				out = appendWords(out, x.GetString_().GetSval())
			}
			return
		}
		out = appendWords(out, last)
	}
	inspect := func(m any) bool {
		switch x := m.(type) {
		case *pgparse.RangeVar:
			rangeVar(x)
			return false
		case *pgparse.TypeName:
			typeName(x)
			return false
		case *pgparse.ColumnRef, *pgparse.Alias:
			return false
		case *pgparse.CreateEnumStmt: // its labels are its value
			for _, x := range x.TypeName {
				visit(x)
			}
			return false
		case *pgparse.FuncCall:
			if names := x.Funcname; len(names) > 0 {
				qualified := len(names) > 1
				name := names[len(names)-1].GetString_().GetSval()
				if !(qualified && names[0].GetString_().GetSval() == "pg_catalog") && known(name) {
					out = appendWords(out, name)
				}
			}
			for _, a := range x.Args {
				visit(a)
			}
			for _, a := range x.AggOrder {
				visit(a)
			}
			visit(x.AggFilter)
			return false
		case *pgparse.ColumnDef:
			typeName(x.TypeName)
			visit(x.RawDefault)
			visit(x.CookedDefault)
			rangeVar(x.IdentitySequence)
			for _, c := range x.Constraints {
				visit(c)
			}
			return false
		case *pgparse.Constraint:
			for _, s := range []string{x.Conname, x.Indexname} {
				out = appendWords(out, s)
			}
			visit(x.RawExpr)
			visit(x.WhereClause)
			for _, e := range x.Exclusions {
				visit(e)
			}
			rangeVar(x.Pktable)
			return false
		case *pgparse.IndexElem:
			visit(x.Expr)
			return false
		case *pgparse.ResTarget:
			visit(x.Val)
			for _, i := range x.Indirection {
				visit(i)
			}
			return false
		case *pgparse.DefElem:
			visit(x.Arg)
			return false
		}
		out = appendFieldWords(out, m)
		return true
	}
	visit = func(n *pgparse.Node) {
		if n != nil {
			pgparse.Inspect(n, inspect)
		}
	}
	visit(n)
	return out
}

// appendFieldWords appends the words of the string fields of a parse-tree
// message, but for those that name no object (skippedFields).
func appendFieldWords(out []string, m any) []string {
	v := reflect.ValueOf(m)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return out
	}
	v = v.Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() != reflect.String || skippedFields[t.Name()+"."+f.Name] {
			continue
		}
		out = appendWords(out, v.Field(i).String())
	}
	return out
}

// skippedFields are the string fields of parse-tree messages that hold a
// code, a part of an object, an option, a comment's text or a schema, not
// the name of an object the schema holds.
var skippedFields = fieldSet(`Aggref.Aggkind AlterDomainStmt.Subtype
		AlterEventTrigStmt.Tgenabled AlterEnumStmt.OldVal AlterEnumStmt.NewVal
		AlterEnumStmt.NewValNeighbor ColumnDef.Compression ColumnDef.Storage
		ColumnDef.StorageName ColumnDef.Identity ColumnDef.Generated CommentStmt.Comment
		Constraint.CookedExpr Constraint.GeneratedWhen Constraint.AccessMethod
		Constraint.FkMatchtype Constraint.FkUpdAction Constraint.FkDelAction
		Constraint.Indexspace CreatePolicyStmt.CmdName CreateStmt.Tablespacename
		CreateStmt.AccessMethod CreateStatsStmt.Stxcomment IndexStmt.AccessMethod
		IndexStmt.TableSpace IndexStmt.Idxcomment IntoClause.AccessMethod
		IntoClause.TableSpaceName PartitionBoundSpec.Strategy PartitionElem.Name
		FunctionParameter.Name NamedArgExpr.Name ReplicaIdentityStmt.IdentityType
		RangeVar.Catalogname RangeVar.Schemaname RangeVar.Relpersistence StatsElem.Name
		TriggerTransition.Name WindowDef.Name WindowDef.Refname CommonTableExpr.Ctename
		AlterObjectSchemaStmt.Newschema CreateSchemaStmt.Schemaname VariableSetStmt.Name
		TransactionStmt.SavepointName TransactionStmt.Gid RoleSpec.Rolename`)

// builtinTypes are PostgreSQL's own types that a migration may name
// without pg_catalog: the schema never holds them.
var builtinTypes = fieldSet(`bool bytea char name int8 int2 int4 text oid tid xid cid
		json xml point lseg path box polygon line float4 float8 circle money macaddr
		macaddr8 inet cidr bpchar varchar date time timestamp timestamptz interval timetz
		bit varbit numeric refcursor regproc regprocedure regoper regoperator regclass
		regtype regrole regnamespace regconfig regdictionary uuid pg_lsn tsvector tsquery
		jsonb jsonpath txid_snapshot pg_snapshot int4range numrange tsrange tstzrange
		daterange int8range int4multirange nummultirange tsmultirange tstzmultirange
		datemultirange int8multirange record cstring void trigger event_trigger
		serial serial2 serial4 serial8 smallserial bigserial`)

// fieldSet returns the set of the space-separated fields of s.
func fieldSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// appendWords appends the words of s, lower-cased: its runs of the bytes
// an unquoted identifier holds (wordByte),
// without leading underscores (an array type is its element type's name
// after one) and but for runs of digits only.
func appendWords(out []string, s string) []string {
	forWords(s, func(w []byte) bool {
		out = append(out, string(w))
		return true
	})
	return out
}

// codeEscape reports whether the rest of an E” string, after its
// opening quote, holds an escape that writes a character by its code
// (\x41, \101, \u0041), which may spell a name.
func codeEscape(s string) bool {
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '\\':
			if k+1 < len(s) && strings.IndexByte("xuU01234567", s[k+1]) >= 0 {
				return true
			}
			k++
		case '\'':
			if k+1 < len(s) && s[k+1] == '\'' {
				k++
				continue
			}
			return false
		}
	}
	return false
}

// wordCap is as much of a word as forWords passes on: more than any name
// (NAMEDATALEN is 64), enough for every clash.
const wordCap = 128

// forWords calls fn with each word of s (see appendWords), its first
// wordCap bytes, lower-cased, in a buffer that the next call reuses; fn
// returns false to stop. It reports false when fn stopped, or when s
// holds an escape that may spell a name in other words (a U& identifier or
// string, an E” string): then it is not scanned further.
func forWords(s string, fn func(w []byte) bool) bool {
	var buf [wordCap]byte
	for i := 0; i < len(s); {
		if !wordByte[s[i]] {
			i++
			continue
		}
		j := i
		for j < len(s) && wordByte[s[j]] {
			j++
		}
		if j < len(s) && j-i == 1 && (i == 0 || s[i-1] != '\'') {
			switch c := s[i] | 0x20; {
			case c == 'u' && s[j] == '&':
				return false
			case c == 'e' && s[j] == '\'' && codeEscape(s[j+1:]):
				return false
			}
		}
		w := buf[:0]
		digits := true
		for k := i; k < j && len(w) < wordCap; k++ {
			c := s[k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c == '_' && len(w) == 0 {
				continue
			}
			digits = digits && '0' <= c && c <= '9'
			w = append(w, c)
		}
		i = j
		if len(w) == 0 || digits {
			continue
		}
		if !fn(w) {
			return false
		}
	}
	return true
}

// A name that PostgreSQL makes out of a table's (an index's, a
// constraint's, a sequence's) and that does not fit in an identifier is
// shortened to about its 63 bytes: makeObjectName shortens the longer part
// first, so at least clashPrefix bytes of the table's name stay, and the
// label, its number and separators take at most 12 bytes. A word at least
// shortenedLen long may be such a name.
const (
	clashPrefix  = 24
	shortenedLen = 56
)

// clash reports whether two words may be, or be part of, the names of the
// same object: equal, one the other's start followed by an underscore (a
// name PostgreSQL makes out of the other: t and t_c_idx), or one long
// enough to be such a name shortened, with a long common start.
func clash(a, b []byte) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for n < len(a) && a[n] == b[n] {
		n++
	}
	return n == len(a) && (len(a) == len(b) || b[n] == '_') || n >= clashPrefix && len(b) >= shortenedLen
}
