package modeltag

import (
	"strings"
	"unicode"
)

// Snake turns a Go name into the column name GORM, bun and go-pg derive
// from it: words split at case changes, runs of capitals kept as one word
// (UserID → user_id, HTTPServer → http_server).
func Snake(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i > 0 && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// irregular and uncountable words of the inflection rules that GORM and
// bun use for table names (go-pg uses the same library).
var (
	irregular = map[string]string{
		"person": "people", "man": "men", "woman": "women", "child": "children",
		"mouse": "mice", "goose": "geese", "foot": "feet", "tooth": "teeth",
		"ox": "oxen", "move": "moves", "sex": "sexes", "zombie": "zombies",
	}
	uncountable = map[string]bool{
		"equipment": true, "information": true, "rice": true, "money": true,
		"species": true, "series": true, "fish": true, "sheep": true,
		"jeans": true, "police": true, "news": true, "data": true, "metadata": true,
	}
)

// Plural pluralises the last word of a snake_case name as
// github.com/jinzhu/inflection does for the common cases.
func Plural(name string) string {
	head, last := "", name
	if i := strings.LastIndexByte(name, '_'); i >= 0 {
		head, last = name[:i+1], name[i+1:]
	}
	switch {
	case last == "" || uncountable[last]:
		return name
	case irregular[last] != "":
		return head + irregular[last]
	}
	for _, r := range []struct{ suffix, repl string }{
		{"quiz", "quizzes"}, {"matrix", "matrices"}, {"vertex", "vertices"}, {"index", "indices"},
		{"ss", "sses"}, {"sh", "shes"}, {"ch", "ches"}, {"x", "xes"}, {"z", "zes"},
		{"us", "uses"}, {"is", "es"}, {"ium", "ia"},
		{"alias", "aliases"}, {"status", "statuses"},
		{"fe", "ves"}, {"lf", "lves"}, {"rf", "rves"},
	} {
		if strings.HasSuffix(last, r.suffix) {
			return head + strings.TrimSuffix(last, r.suffix) + r.repl
		}
	}
	if strings.HasSuffix(last, "y") && len(last) > 1 && !strings.ContainsRune("aeiou", rune(last[len(last)-2])) {
		return head + last[:len(last)-1] + "ies"
	}
	if strings.HasSuffix(last, "s") {
		return name
	}
	return name + "s"
}
