package modeltag

import (
	"strings"

	"github.com/migguard/migguard/internal/lazyre"
)

// Snake turns a Go name into the column or table name bun and go-pg
// derive from it: an underscore before an upper-case letter that follows
// a lower-case one or precedes one, all in lower case (UserID → user_id,
// HTTPServer → http_server, CallbackURLs → callback_ur_ls, as bun writes
// it). GORM's names are GormName's.
func Snake(name string) string {
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isUpper(c) {
			b.WriteByte(c)
			continue
		}
		if i > 0 && i+1 < len(name) && (isLower(name[i-1]) || isLower(name[i+1])) {
			b.WriteByte('_')
		}
		b.WriteByte(c + 'a' - 'A')
	}
	return b.String()
}

// The inflection rules of github.com/jinzhu/inflection, which GORM, bun
// and go-pg pluralise table names with (from Rails' ActiveSupport): the
// uncountable words, the irregular ones (matched at the end of the name),
// and the regular rules, the last that matches winning.
var (
	uncountable = map[string]bool{"equipment": true, "information": true, "rice": true, "money": true, "species": true,
		"series": true, "fish": true, "sheep": true, "jeans": true, "police": true}
	irregular = [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"},
		{"move", "moves"}, {"mombie", "mombies"}}
	pluralRules = compileRules([][2]string{
		{"([a-z])$", "${1}s"},
		{"s$", "s"},
		{"^(ax|test)is$", "${1}es"},
		{"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"},
		{"(alias|status)$", "${1}es"},
		{"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"},
		{"([ti])um$", "${1}a"},
		{"([ti])a$", "${1}a"},
		{"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"},
		{"(hive)$", "${1}s"},
		{"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"},
		{"(matr|vert|ind)(?:ix|ex)$", "${1}ices"},
		{"^(m|l)ouse$", "${1}ice"},
		{"^(m|l)ice$", "${1}ice"},
		{"^(ox)$", "${1}en"},
		{"^(oxen)$", "${1}"},
		{"(quiz)$", "${1}zes"},
	})
)

type rule struct {
	rx   *lazyre.Regexp
	repl string
}

func compileRules(rs [][2]string) []rule {
	out := make([]rule, len(rs))
	for i, r := range rs {
		out[i] = rule{lazyre.New("(?i)" + r[0]), r[1]}
	}
	return out
}

// Plural pluralises a lower-case table name as github.com/jinzhu/inflection
// does: the whole name is matched, so only its end changes
// (order_item → order_items, company → companies, datum → data).
func Plural(name string) string {
	if uncountable[strings.ToLower(name)] {
		return name
	}
	for _, ir := range irregular {
		if strings.HasSuffix(name, ir[0]) {
			return strings.TrimSuffix(name, ir[0]) + ir[1]
		}
	}
	for i := len(pluralRules) - 1; i >= 0; i-- {
		if r := pluralRules[i]; r.rx.MatchString(name) {
			return r.rx.ReplaceAllString(name, r.repl)
		}
	}
	return name
}

// gormInitialisms are the initialisms GORM writes as words before it
// splits a name (CallbackURLs → CallbackUrls → callback_urls), in the
// order its replacer tries them.
var gormInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON",
	"LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM",
	"XML", "XSRF", "XSS"}

// GormName turns a Go name into the column or table name GORM's default
// naming strategy derives from it: its initialisms first written as words
// (URL → Url), then an underscore before an upper-case letter that starts
// a word, numbers kept with the word before them (UserID → user_id,
// CallbackURLs → callback_urls, Address2 → address2).
func GormName(name string) string {
	if name == "" {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(name); {
		matched := false
		for _, in := range gormInitialisms {
			if strings.HasPrefix(name[i:], in) {
				b.WriteString(in[:1] + strings.ToLower(in[1:]))
				i += len(in)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(name[i])
			i++
		}
	}
	v := b.String()
	upper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	var out strings.Builder
	last, cur := false, upper(v[0])
	for i := 0; i < len(v)-1; i++ {
		next, nextNum := upper(v[i+1]), v[i+1] >= '0' && v[i+1] <= '9'
		switch {
		case !cur:
			out.WriteByte(v[i])
		case last && (next || nextNum):
			out.WriteByte(v[i] + 32)
		default:
			if i > 0 && v[i-1] != '_' && v[i+1] != '_' {
				out.WriteByte('_')
			}
			out.WriteByte(v[i] + 32)
		}
		last, cur = cur, next
	}
	if cur {
		if !last && len(v) > 1 {
			out.WriteByte('_')
		}
		out.WriteByte(v[len(v)-1] + 32)
	} else {
		out.WriteByte(v[len(v)-1])
	}
	return out.String()
}

// BeegoName turns a Go name into the column or table name beego's ORM
// derives from it: an underscore before every upper-case letter after the
// first one that is not an underscore, then lower case (UserID → user_i_d,
// as beego writes it).
func BeegoName(name string) string {
	var b strings.Builder
	seen := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if i > 0 && c >= 'A' && c <= 'Z' && seen {
			b.WriteByte('_')
		}
		if c != '_' {
			seen = true
		}
		b.WriteByte(c)
	}
	return strings.ToLower(b.String())
}
