package models

import (
	"fmt"
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// stmt is one logical Python line: text without comments, joined across
// brackets and backslashes, with the indentation and line of its start.
type stmt struct {
	indent int
	line   int
	text   string
}

// logicalLines splits Python source into logical lines. Strings are kept
// (triple-quoted ones may span lines), comments dropped.
func logicalLines(src string) []stmt {
	var out []stmt
	var cur strings.Builder
	depth := 0
	line := 1
	start, indent := 1, 0
	atStart := true
	col := 0
	cont := false
	for i := 0; i < len(src); i++ {
		ch := src[i]
		if atStart {
			if ch == ' ' || ch == '\t' {
				col++
				continue
			}
			if ch == '\n' || ch == '\r' || ch == '#' {
				if ch == '#' {
					for i < len(src) && src[i] != '\n' {
						i++
					}
				}
				if i < len(src) && src[i] == '\n' {
					line++
				}
				col = 0
				continue
			}
			atStart = false
			if !cont {
				start, indent = line, col
			}
		}
		switch {
		case ch == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case ch == '"' || ch == '\'':
			q := string(ch)
			if strings.HasPrefix(src[i:], q+q+q) {
				q = q + q + q
			}
			j := i + len(q)
			for j < len(src) && !strings.HasPrefix(src[j:], q) {
				if src[j] == '\\' {
					j++
				} else if src[j] == '\n' {
					if len(q) == 1 {
						break
					}
					line++
				}
				j++
			}
			end := min(j+len(q), len(src))
			cur.WriteString(src[i:end])
			i = end - 1
		case ch == '(' || ch == '[' || ch == '{':
			depth++
			cur.WriteByte(ch)
		case ch == ')' || ch == ']' || ch == '}':
			if depth > 0 {
				depth--
			}
			cur.WriteByte(ch)
		case ch == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i++
			line++
			cur.WriteByte(' ')
			cont = true
			atStart, col = true, 0
		case ch == '\n':
			line++
			if depth > 0 {
				cur.WriteByte(' ')
				continue
			}
			if t := strings.TrimSpace(cur.String()); t != "" {
				out = append(out, stmt{indent: indent, line: start, text: t})
			}
			cur.Reset()
			atStart, col, cont = true, 0, false
		default:
			cur.WriteByte(ch)
		}
	}
	if t := strings.TrimSpace(cur.String()); t != "" {
		out = append(out, stmt{indent: indent, line: start, text: t})
	}
	return out
}

var (
	classRx  = lazyre.New(`^class\s+([A-Za-z_]\w*)\s*[(:]`)
	assignRx = lazyre.New(`^([A-Za-z_]\w*)\s*(?::\s*(.+?))?\s*=\s*(.+)$`)
	annRx    = lazyre.New(`^([A-Za-z_]\w*)\s*:\s*(.+)$`)
	tableRx  = lazyre.New(`^([A-Za-z_]\w*)\s*=\s*(?:\w+\.)*Table\s*\((.*)\)$`)
)

// pyField is one schema-relevant attribute of a model, normalized.
type pyField struct {
	text string
	line int
}

type pyModel struct {
	line   int
	table  bool // __tablename__ or __table__ set, or a Table(...)
	fields map[string]pyField
}

// columnish reports whether an attribute's value or annotation maps to a
// column or to table options.
func columnish(name, ann, value string) bool {
	if name == "__tablename__" || name == "__table_args__" || name == "__table__" {
		return true
	}
	for _, skip := range []string{"relationship(", "relation(", "backref(", "association_proxy(", "column_property(", "synonym(", "hybrid_property", "composite("} {
		if strings.Contains(value, skip) || strings.Contains(ann, "relationship") {
			return false
		}
	}
	return strings.Contains(value, "Column(") || strings.Contains(value, "mapped_column(") ||
		strings.Contains(ann, "Mapped[") || strings.Contains(value, "Constraint(") || strings.Contains(value, "Index(")
}

// pythonOnlyArgs are keyword arguments of Column and mapped_column that
// never reach the database.
var pythonOnlyArgs = map[string]bool{
	"default": true, "default_factory": true, "insert_default": true, "onupdate": true, "doc": true, "info": true,
	"init": true, "repr": true, "compare": true, "kw_only": true, "deferred": true, "deferred_group": true,
	"deferred_raiseload": true, "active_history": true, "sort_order": true, "use_existing_column": false,
}

// splitArgs splits the text of call arguments at top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth := 0
	var quote byte
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[last:i]))
			last = i + 1
		}
	}
	if t := strings.TrimSpace(s[last:]); t != "" {
		out = append(out, t)
	}
	return out
}

var kwRx = lazyre.New(`^([A-Za-z_]\w*)\s*=[^=]`)

// normalizeColumn drops Python-only keyword arguments from the outermost
// call of a column definition and squeezes whitespace.
func normalizeColumn(value string) string {
	open := strings.IndexByte(value, '(')
	if open < 0 || !strings.HasSuffix(value, ")") {
		return squeezePy(value)
	}
	var keep []string
	for _, a := range splitArgs(value[open+1 : len(value)-1]) {
		if m := kwRx.FindStringSubmatch(a + " "); m != nil && pythonOnlyArgs[m[1]] {
			continue
		}
		keep = append(keep, squeezePy(a))
	}
	return squeezePy(value[:open]) + "(" + strings.Join(keep, ",") + ")"
}

func squeezePy(s string) string {
	s = strings.ReplaceAll(s, "'", `"`)
	return strings.Join(strings.Fields(s), "")
}

// sqlalchemyModels finds the mapped classes and Table(...) definitions of
// a Python file and their schema-relevant attributes. Methods, docstrings,
// comments, imports and relationship() attributes are left out.
func sqlalchemyModels(src string) map[string]*pyModel {
	stmts := logicalLines(src)
	out := map[string]*pyModel{}
	for i := 0; i < len(stmts); i++ {
		st := stmts[i]
		if m := tableRx.FindStringSubmatch(st.text); m != nil {
			args := splitArgs(m[2])
			name := m[1]
			if len(args) > 0 {
				name = strings.Trim(args[0], `"'`)
			}
			pm := &pyModel{line: st.line, table: true, fields: map[string]pyField{}}
			for k, a := range args[1:] {
				key := fmt.Sprintf("arg %d", k+1)
				if strings.HasPrefix(a, "Column(") {
					if ca := splitArgs(a[len("Column(") : len(a)-1]); len(ca) > 0 {
						key = strings.Trim(ca[0], `"'`)
					}
				}
				pm.fields[key] = pyField{text: normalizeColumn(a), line: st.line}
			}
			out[name] = pm
			continue
		}
		m := classRx.FindStringSubmatch(st.text)
		if m == nil {
			continue
		}
		pm := &pyModel{line: st.line, fields: map[string]pyField{}}
		bodyIndent := -1
		j := i + 1
		for ; j < len(stmts) && stmts[j].indent > st.indent; j++ {
			b := stmts[j]
			if bodyIndent < 0 {
				bodyIndent = b.indent
			}
			if b.indent != bodyIndent {
				continue // inside a method or nested block
			}
			if strings.HasPrefix(b.text, "def ") || strings.HasPrefix(b.text, "async def ") || strings.HasPrefix(b.text, "@") ||
				strings.HasPrefix(b.text, `"`) || strings.HasPrefix(b.text, "'") || strings.HasPrefix(b.text, "class ") {
				continue
			}
			name, ann, value := "", "", ""
			if a := assignRx.FindStringSubmatch(b.text); a != nil {
				name, ann, value = a[1], a[2], a[3]
			} else if a := annRx.FindStringSubmatch(b.text); a != nil {
				name, ann = a[1], a[2]
			} else {
				continue
			}
			if !columnish(name, ann, value) {
				continue
			}
			if name == "__tablename__" || name == "__table__" {
				pm.table = true
			}
			pm.fields[name] = pyField{text: squeezePy(ann) + "=" + normalizeColumn(value), line: b.line}
		}
		i = j - 1
		if len(pm.fields) > 0 {
			out[m[1]] = pm
		}
	}
	return out
}

// DiffSQLAlchemy compares the SQLAlchemy models of two versions of a
// Python file: mapped classes (declarative, with __tablename__, or mixins
// with columns) and Table(...) definitions. A change counts when it
// touches a column, its type, nullable, server_default, unique, index,
// constraints or __table_args__; comments, docstrings, imports, methods,
// relationships and Python-side defaults do not.
func DiffSQLAlchemy(path string, before, after []byte) []Change {
	b := sqlalchemyModels(string(before))
	a := sqlalchemyModels(string(after))
	var out []Change
	for name, am := range a {
		bm := b[name]
		if bm == nil {
			out = append(out, Change{Path: path, Line: am.line, Model: name, What: "new model"})
			continue
		}
		out = append(out, diffFields(path, name, am.line, bm.fields, am.fields, "column",
			func(f pyField) int { return f.line },
			func(bf, af pyField) string {
				if bf.text != af.text {
					return "definition changed"
				}
				return ""
			})...)
	}
	for name := range b {
		if a[name] == nil {
			out = append(out, Change{Path: path, Line: 1, Model: name, What: "model removed"})
		}
	}
	sortChanges(out)
	return out
}
