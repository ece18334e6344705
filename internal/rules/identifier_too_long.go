package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/migguard/migguard/internal/pgparse"
)

// maxIdentifierBytes is NAMEDATALEN - 1 of a default PostgreSQL build.
const maxIdentifierBytes = 63

// identifierTooLong flags names longer than PostgreSQL keeps.
//
//	CREATE INDEX index_on_subscriptions_by_customer_and_plan_and_created_at_and_status ON subscriptions (customer_id, plan_id, created_at, status);  -- flagged
var identifierTooLong = &Rule{
	ID:       "identifier-too-long",
	Peers:    []string{"squawk:identifier-too-long"},
	Title:    "identifier longer than 63 bytes is silently truncated",
	Severity: Warning,
	Detects: "A name longer than 63 bytes given to a new object: table, column, constraint, index, sequence, view, " +
		"materialized view, type, domain, function, trigger, policy or schema (CREATE …, ADD COLUMN, ADD CONSTRAINT, " +
		"RENAME … TO). References to existing names are not flagged.",
	Why: "PostgreSQL keeps only the first 63 bytes of an identifier (NAMEDATALEN - 1) and only raises a NOTICE. The " +
		"object gets a different name than the migration says, so later migrations, ORM mappings and monitoring that " +
		"use the full name refer to it inconsistently, and two long names that share their first 63 bytes collide: " +
		"the second CREATE fails, or IF NOT EXISTS silently skips it.",
	Fix: "Choose a name of at most 63 bytes (mind multi-byte characters), e.g. by abbreviating the column list of an " +
		"index name.",
	Help: "shorten the name to 63 bytes or fewer",
	Check: func(p *Pass) {
		// The parser has already truncated the names in the tree, so the
		// full names come from the source text: every identifier token
		// longer than the limit whose truncation is a name the statement
		// defines.
		if !hasLongWord(p.Text()) {
			return // no token of the statement can be too long
		}
		kinds := map[string]string{}
		for _, d := range definedNames(p.Node()) {
			if len(d.name) >= maxIdentifierBytes-3 && kinds[d.name] == "" {
				kinds[d.name] = d.kind
			}
		}
		if len(kinds) == 0 {
			return
		}
		text := p.Text()
		res, err := pgparse.Scan(text)
		if err != nil {
			return
		}
		seen := Scratch(p, func() map[string]string { return map[string]string{} })
		reported := map[string]bool{}
		for _, tk := range res.Tokens {
			if tk.Token != pgparse.Token_IDENT {
				continue
			}
			name := identifierValue(text[tk.Start:tk.End])
			if len(name) <= maxIdentifierBytes {
				continue
			}
			short := clipIdentifier(name)
			kind, ok := kinds[short]
			if !ok || reported[name] {
				continue
			}
			reported[name] = true
			also := ""
			if other, ok := seen[short]; ok && other != name {
				also = ", the same name as " + quoteName(other) + " earlier in this file"
			}
			seen[short] = name
			p.ReportAt(p.Stmt.Start+int(tk.Start), "%s %q is %d bytes: PostgreSQL silently truncates it to %q%s",
				kind, name, len(name), short, also)
		}
	},
}

func init() { Register(identifierTooLong) }

// identifierValue returns the name an identifier token stands for: a
// quoted one without its quotes, an unquoted one in lower case.
func identifierValue(tok string) string {
	if len(tok) >= 2 && tok[0] == '"' && tok[len(tok)-1] == '"' {
		return strings.ReplaceAll(tok[1:len(tok)-1], `""`, `"`)
	}
	b := []byte(tok)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// clipIdentifier truncates a name the way PostgreSQL does: to at most 63
// bytes, without splitting a multi-byte character.
func clipIdentifier(s string) string {
	n := 0
	for n < len(s) {
		_, size := utf8.DecodeRuneInString(s[n:])
		if n+size > maxIdentifierBytes {
			break
		}
		n += size
	}
	return s[:n]
}

// definedName is a name a statement gives to a new object (or a new name).
type definedName struct {
	kind, name string
	loc        int32
}

// definedNames returns the names a statement defines.
func definedNames(stmt *pgparse.Node) []definedName {
	var out []definedName
	add := func(kind, name string, loc int32) {
		if name != "" {
			if loc <= 0 {
				loc = -1
			}
			out = append(out, definedName{kind: kind, name: name, loc: loc})
		}
	}
	addRel := func(kind string, rv *pgparse.RangeVar) {
		if rv != nil {
			add(kind, rv.Relname, rv.Location)
		}
	}
	last := func(items []*pgparse.Node) string {
		if s := strs(items); len(s) > 0 {
			return s[len(s)-1]
		}
		return ""
	}
	pgparse.Walk(stmt, func(n *pgparse.Node) bool {
		switch s := n.Node.(type) {
		case *pgparse.Node_CreateStmt:
			addRel("table", s.CreateStmt.Relation)
		case *pgparse.Node_ColumnDef:
			add("column", s.ColumnDef.Colname, s.ColumnDef.Location)
		case *pgparse.Node_Constraint:
			add("constraint", s.Constraint.Conname, s.Constraint.Location)
		case *pgparse.Node_IndexStmt:
			add("index", s.IndexStmt.Idxname, -1)
		case *pgparse.Node_CreateSeqStmt:
			addRel("sequence", s.CreateSeqStmt.Sequence)
		case *pgparse.Node_ViewStmt:
			addRel("view", s.ViewStmt.View)
		case *pgparse.Node_CreateTableAsStmt:
			kind := "table"
			if s.CreateTableAsStmt.Objtype == pgparse.ObjectType_OBJECT_MATVIEW {
				kind = "materialized view"
			}
			addRel(kind, s.CreateTableAsStmt.GetInto().GetRel())
			return false
		case *pgparse.Node_IntoClause:
			addRel("table", s.IntoClause.Rel)
		case *pgparse.Node_CompositeTypeStmt:
			addRel("type", s.CompositeTypeStmt.Typevar)
		case *pgparse.Node_CreateEnumStmt:
			add("type", last(s.CreateEnumStmt.TypeName), -1)
		case *pgparse.Node_CreateDomainStmt:
			add("domain", last(s.CreateDomainStmt.Domainname), -1)
		case *pgparse.Node_CreateFunctionStmt:
			add("function", last(s.CreateFunctionStmt.Funcname), -1)
		case *pgparse.Node_CreateTrigStmt:
			add("trigger", s.CreateTrigStmt.Trigname, -1)
		case *pgparse.Node_CreatePolicyStmt:
			add("policy", s.CreatePolicyStmt.PolicyName, -1)
		case *pgparse.Node_CreateSchemaStmt:
			add("schema", s.CreateSchemaStmt.Schemaname, -1)
		case *pgparse.Node_RenameStmt:
			add("new name", s.RenameStmt.Newname, -1)
		}
		return true
	})
	return out
}

// hasLongWord reports whether text has a run of more than 63 bytes without
// white space or punctuation outside double quotes: every identifier token
// that long is such a run, so a statement without one needs no closer look.
// Without double quotes, every run of 64 bytes holds a byte at an offset
// of 63 modulo 64: only the runs through those bytes are measured.
func hasLongWord(text string) bool {
	if strings.IndexByte(text, '"') >= 0 {
		return hasLongRun(text)
	}
	const n = maxIdentifierBytes + 1
	for at := n - 1; at < len(text); at += n {
		if !wordByte[text[at]] {
			continue
		}
		lo, hi := at, at+1
		for lo > 0 && wordByte[text[lo-1]] {
			lo--
		}
		for hi < len(text) && wordByte[text[hi]] && hi-lo <= maxIdentifierBytes {
			hi++
		}
		if hi-lo > maxIdentifierBytes {
			return true
		}
	}
	return false
}

// hasLongRun is hasLongWord for a text with double quotes, a byte at a
// time: a quoted identifier's run goes on through its spaces.
func hasLongRun(text string) bool {
	run, quoted := 0, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '"':
			quoted = !quoted
			run++
		case quoted || wordByte[c]:
			run++
		default:
			run = 0
		}
		if run > maxIdentifierBytes {
			return true
		}
	}
	return false
}

// wordByte marks the bytes an unquoted identifier can hold.
var wordByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 0x80 || c == '_' || c == '$' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
	}
	return t
}()
