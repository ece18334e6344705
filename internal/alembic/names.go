package alembic

import (
	"crypto/md5"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"

	"github.com/migguard/migguard/internal/migrations"
)

// maxIdentifier is PostgreSQL's identifier length, which SQLAlchemy's
// dialect uses as max_identifier_length.
const maxIdentifier = 63

// truncateName shortens a name SQLAlchemy generated or was told to take
// as is (op.f(), conv(), a naming convention) the way SQLAlchemy does
// when it is longer than the dialect allows: the first 55 characters,
// "_" and the last 4 hex digits of the MD5 of the whole name.
func truncateName(name string) string {
	r := []rune(name)
	if len(r) <= maxIdentifier {
		return name
	}
	sum := md5.Sum([]byte(name))
	h := hex.EncodeToString(sum[:])
	return string(r[:maxIdentifier-8]) + "_" + h[len(h)-4:]
}

// nameOf evaluates a constraint or index name: "" for None or absence;
// conv is true for op.f(), batch_op.f() and conv(), whose names
// SQLAlchemy neither passes through the naming convention nor refuses
// when long, but truncates.
func (in *interp) nameOf(e expr) (name string, conv bool) {
	if e == nil {
		return "", false
	}
	e = in.resolve(e)
	if isNone(e) {
		return "", false
	}
	if c, ok := e.(*exCall); ok && len(c.args) == 1 {
		switch a, isAttr := c.fn.(*exAttr); {
		case isAttr && a.name == "f" && (dotted(a.x) == "op" || in.batch[dotted(a.x)] != nil), dotted(c.fn) == "conv":
			return in.mustStr(c.args[0], "the name"), true
		}
	}
	return in.mustStr(e, "the name"), false
}

// nameExpr turns an evaluated plain name back into an argument.
func nameExpr(s string) expr {
	if s == "" {
		return nil
	}
	return &exStr{val: s}
}

// conName returns the name SQLAlchemy gives a constraint or index of a
// kind ("ix", "uq", "ck", "fk", "pk"): an op.f() name truncated; else the
// naming convention of env.py's target_metadata when it has one for the
// kind and the constraint is unnamed or the convention uses
// %(constraint_name)s; else the name given ("" for unnamed). Index names
// follow SQLAlchemy's default convention ix_%(column_0_label)s.
func (in *interp) conName(kind string, given expr, table string, cols []string, refTable string, refCols ...string) string {
	name, conv := in.nameOf(given)
	if conv {
		return truncateName(name)
	}
	pattern := in.naming[kind]
	if pattern == "" && kind == "ix" {
		pattern = "ix_%(column_0_label)s"
	}
	if pattern == "" || name != "" && !strings.Contains(pattern, "%(constraint_name)s") {
		return name
	}
	if name == "" && strings.Contains(pattern, "%(constraint_name)s") {
		if kind == "ix" {
			return ""
		}
		failf("the naming convention %q needs the constraint to be named", pattern)
	}
	return truncateName(in.expandConvention(pattern, name, table, cols, refTable, refCols))
}

// expandConvention fills the tokens of a naming convention.
func (in *interp) expandConvention(pattern, name, table string, cols []string, refTable string, refCols []string) string {
	join := func(names []string, sep string) string { return strings.Join(names, sep) }
	labels := make([]string, len(cols))
	for i, c := range cols {
		labels[i] = table + "_" + c
	}
	first := func(s []string) string {
		if len(s) == 0 {
			failf("the naming convention %q names a column the constraint does not have", pattern)
		}
		return s[0]
	}
	tokens := map[string]func() string{
		"table_name":               func() string { return table },
		"constraint_name":          func() string { return name },
		"column_0_name":            func() string { return first(cols) },
		"column_0_key":             func() string { return first(cols) },
		"column_0N_name":           func() string { return join(cols, "") },
		"column_0_N_name":          func() string { return join(cols, "_") },
		"column_0N_key":            func() string { return join(cols, "") },
		"column_0_N_key":           func() string { return join(cols, "_") },
		"column_0_label":           func() string { return first(labels) },
		"column_0N_label":          func() string { return join(labels, "") },
		"column_0_N_label":         func() string { return join(labels, "_") },
		"referred_table_name":      func() string { return refTable },
		"referred_column_0_name":   func() string { return first(refCols) },
		"referred_column_0N_name":  func() string { return join(refCols, "") },
		"referred_column_0_N_name": func() string { return join(refCols, "_") },
	}
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if !strings.HasPrefix(pattern[i:], "%(") {
			b.WriteByte(pattern[i])
			continue
		}
		j := strings.Index(pattern[i:], ")s")
		if j < 0 {
			failf("the naming convention %q is malformed", pattern)
		}
		tok := pattern[i+2 : i+j]
		f, ok := tokens[tok]
		if !ok {
			failf("the naming convention token %%(%s)s is not one migguard fills", tok)
		}
		b.WriteString(f())
		i += j + 1
	}
	return b.String()
}

// conventionKeys maps SQLAlchemy's long naming convention keys to the
// short ones.
var conventionKeys = map[string]string{"index": "ix", "unique_constraint": "uq", "check_constraint": "ck",
	"foreign_key_constraint": "fk", "primary_key_constraint": "pk", "ix": "ix", "uq": "uq", "ck": "ck", "fk": "fk", "pk": "pk"}

// readNaming finds the naming convention of env.py's target_metadata: a
// dict literal passed as naming_convention= (or a name bound to one) in
// env.py, or in the module env.py imports the metadata from, looked up in
// the repository (beside and above the script location, and in src/).
func readNaming(fsys fs.FS, scriptLocation string, env *module) map[string]string {
	seen := map[string]bool{}
	m := env
	for depth := 0; m != nil && depth < 3; depth++ {
		if conv := conventionOf(m); conv != nil {
			return conv
		}
		m = importedModule(fsys, scriptLocation, m, seen)
	}
	return nil
}

// conventionOf returns the naming_convention= dict of a module.
func conventionOf(m *module) map[string]string {
	for _, ll := range m.lines {
		toks := ll.toks
		for i := 0; i+2 < len(toks); i++ {
			if toks[i].text != "naming_convention" || toks[i+1].text != "=" {
				continue
			}
			p := &parser{src: m.src, toks: toks, i: i + 2}
			v := p.expr()
			if n, ok := v.(*exName); ok && len(m.assigns[n.tok.text]) > 0 {
				v = m.assigns[n.tok.text][0].val
			}
			if d, ok := v.(*exSeq); ok && d.dict != nil {
				out := map[string]string{}
				for _, kv := range d.dict {
					k, kok := kv.k.(*exStr)
					val, vok := kv.v.(*exStr)
					if kok && vok && conventionKeys[k.val] != "" {
						out[conventionKeys[k.val]] = val.val
					}
				}
				return out
			}
		}
	}
	return nil
}

// importedModule reads the repository module that provides env.py's
// target_metadata (or, one level down, that module's Base): the module of
// `from a.b import X` where X roots the target_metadata expression.
func importedModule(fsys fs.FS, scriptLocation string, m *module, seen map[string]bool) *module {
	root := ""
	if as := m.assigns["target_metadata"]; len(as) > 0 {
		root, _, _ = strings.Cut(dotted(as[0].val), ".")
	}
	for _, im := range m.imports {
		for _, n := range im.names {
			if root != "" && n != root || root == "" && n != "Base" && n != "metadata" && n != "Model" {
				continue
			}
			if p := findModule(fsys, scriptLocation, im.module); p != "" && !seen[p] {
				seen[p] = true
				data, err := migrations.ReadFile(fsys, p)
				if err != nil {
					return nil
				}
				next, serr := readModule(string(data))
				if serr != nil {
					return nil
				}
				return next
			}
		}
	}
	return nil
}

// findModule returns the file of a dotted module in the repository:
// a/b.py or a/b/__init__.py in the script location's parent directories
// or their src/ directories, nearest first.
func findModule(fsys fs.FS, scriptLocation, module string) string {
	if module == "" || strings.HasPrefix(module, ".") {
		return ""
	}
	rel := strings.ReplaceAll(module, ".", "/")
	for d := cleanRel(path.Dir(scriptLocation)); ; d = cleanRel(path.Dir(d)) {
		for _, base := range []string{d, path.Join(d, "src")} {
			for _, cand := range []string{path.Join(base, rel+".py"), path.Join(base, rel, "__init__.py")} {
				if fileExists(fsys, cleanRel(cand)) {
					return cleanRel(cand)
				}
			}
		}
		if d == "." {
			return ""
		}
	}
}

// env returns what the translation of the project's revisions knows of
// the repository: the naming convention, and a reader of the modules it
// imports (each read once).
func (p *Project) env(fsys fs.FS) *projectEnv {
	cache := map[string]*module{}
	return &projectEnv{naming: p.Naming, load: func(name string) *module {
		if m, ok := cache[name]; ok {
			return m
		}
		var m *module
		if file := findModule(fsys, p.ScriptLocation, name); file != "" {
			if data, err := migrations.ReadFile(fsys, file); err == nil {
				m, _ = readModule(string(data))
			}
		}
		cache[name] = m
		return m
	}}
}
