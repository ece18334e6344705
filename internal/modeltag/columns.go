package modeltag

import (
	"reflect"
	"slices"
	"strings"
)

// Shape is what a field's type is to the ORMs; only the caller, which sees
// the types, can tell.
type Shape int

const (
	// Value is a type the driver reads and writes as one column value
	// (also the answer when the caller cannot tell).
	Value Shape = iota
	// Record is a struct the driver does not scan itself (no Scan or Value
	// method, not time.Time): an association, or the source of more
	// columns when embedded.
	Record
	// Records is a slice of such structs: an association.
	Records
)

// Field is one field of a struct.
type Field struct {
	// Name is the field's name; an embedded field's is its type's name.
	Name     string
	Embedded bool
	Tag      string // the struct tag, unquoted
	// Type names the field's type when it is a named type, pointer
	// removed: "<import path>.<name>", or "<package name>.<name>" when the
	// reader knows no import path; "" for other types.
	Type string
	// GoType is the type as the reader prints it, for messages and
	// comparisons.
	GoType string
	Shape  Shape
	// Ref is the reader's own handle on the field, handed back in Mapped.
	Ref any
}

// Mapped is a field that maps to a column of the model's table.
type Mapped struct {
	// Chain is the field and the embedded fields it is reached through,
	// outermost first.
	Chain []Field
	// Column is the column's name, "" for an embedded struct that the
	// reader could not see into.
	Column string
	// Options are the tag options that change the schema (type, NOT
	// NULL, default, keys, indexes, …), in a canonical form and order,
	// the column name excepted.
	Options []string
	// Tag is the convention's tag with only the column name and those
	// options, as written (`gorm:"column:email;not null"`); "" without one.
	Tag string
}

// Field returns the field itself.
func (m Mapped) Field() Field { return m.Chain[len(m.Chain)-1] }

// Path returns the Go path of the field below the model ("Base.ID").
func (m Mapped) Path() string {
	names := make([]string, len(m.Chain))
	for i, f := range m.Chain {
		names[i] = f.Name
	}
	return strings.Join(names, ".")
}

// maxDepth bounds the flattening of embedded structs, which may embed
// each other.
const maxDepth = 5

// Columns maps the fields of a model to columns in its convention,
// flattening embedded structs as the libraries do. expand returns the
// fields of a field's struct type; ok is false when the reader cannot see
// them, and the field is then returned with no column.
func (m Model) Columns(fields []Field, expand func(Field) (fields []Field, ok bool)) []Mapped {
	return m.walk(fields, expand, nil, "", 0)
}

func (m Model) walk(fields []Field, expand func(Field) ([]Field, bool), chain []Field, prefix string, depth int) []Mapped {
	if depth > maxDepth {
		return nil
	}
	var out []Mapped
	for _, f := range fields {
		c := m.column(f)
		if c.skip {
			continue
		}
		path := append(slices.Clip(chain), f)
		if c.embed || (f.Embedded && f.Shape == Record) {
			inner, ok := expand(f)
			if !ok {
				out = append(out, Mapped{Chain: path, Options: c.options, Tag: c.tag})
				continue
			}
			out = append(out, m.walk(inner, expand, path, prefix+c.prefix, depth+1)...)
			continue
		}
		if c.relation || f.Shape != Value && !c.value {
			continue
		}
		out = append(out, Mapped{Chain: path, Column: prefix + c.name, Options: c.options, Tag: c.tag})
	}
	return out
}

// column is what a convention reads from one field's tag.
type column struct {
	name     string
	skip     bool // not a column and nothing to flatten
	relation bool // an association, by its tag
	embed    bool // flatten the field's struct, by its tag
	// value is true when a struct or slice of structs is stored in one
	// column (bun's and go-pg's JSON, GORM's serializer: or type:,
	// beego's foreign key).
	value   bool
	prefix  string
	options []string
	tag     string
}

// column reads one field in the model's convention.
func (m Model) column(f Field) column {
	if !exported(f) || baseModels[f.Type] == Bun {
		return column{skip: true}
	}
	tag := reflect.StructTag(f.Tag)
	var c column
	switch m.Convention {
	case GORM:
		c = gormColumn(f, tag)
	case Bun:
		v, ok := tag.Lookup("bun")
		c = bunColumn(f, "bun", v, ok)
	case GoPG:
		v, ok := tag.Lookup("pg")
		key := "pg"
		if !ok {
			v, ok = tag.Lookup("sql")
			key = "sql"
		}
		c = bunColumn(f, key, v, ok)
	case Beego:
		c = beegoColumn(f, tag)
	case DB:
		c = dbColumn(f, tag)
	}
	if baseModels[f.Type] == GORM && f.Embedded {
		c.embed = true
	}
	slices.Sort(c.options)
	return c
}

// gormNotSchema are GORM settings that do not change the table: write
// permissions and automatic timestamps. The keys are upper-case, as GORM
// compares them.
var gormNotSchema = map[string]bool{"<-": true, "->": true, "AUTOCREATETIME": true, "AUTOUPDATETIME": true}

// gormRelation are the GORM settings of association fields.
var gormRelation = map[string]bool{"FOREIGNKEY": true, "MANY2MANY": true, "REFERENCES": true, "POLYMORPHIC": true,
	"POLYMORPHICTYPE": true, "POLYMORPHICID": true, "POLYMORPHICVALUE": true, "JOINFOREIGNKEY": true, "JOINREFERENCES": true}

// gormColumn reads gorm:"column:x;type:text;not null": settings split at
// semicolons, keys in any case. "-" and "-:all" leave the field out;
// "-:migration" only keeps AutoMigrate from creating the column, which
// GORM still reads and writes. A struct field is a column only with a
// serializer: or a type: (else an association).
func gormColumn(f Field, tag reflect.StructTag) column {
	c := column{name: GormName(f.Name)}
	v, ok := tag.Lookup("gorm")
	if !ok {
		return c
	}
	var shown []string
	for _, part := range splitGorm(v) {
		key, val, hasVal := strings.Cut(part, ":")
		key = strings.ToUpper(strings.TrimSpace(key))
		switch {
		case key == "-" && strings.EqualFold(strings.TrimSpace(val), "migration"):
			continue
		case key == "-":
			return column{skip: true}
		case key == "SERIALIZER" || key == "TYPE":
			c.value = true
		case key == "COLUMN":
			c.name = strings.TrimSpace(val)
		case key == "EMBEDDED":
			c.embed = true
		case key == "EMBEDDEDPREFIX":
			c.prefix = val
		case gormRelation[key]:
			c.relation = true
		case gormNotSchema[key]:
			continue
		}
		shown = append(shown, part)
		if key != "COLUMN" {
			opt := strings.ToLower(key)
			if hasVal {
				opt += ":" + strings.TrimSpace(val)
			}
			c.options = append(c.options, opt)
		}
	}
	if len(shown) > 0 {
		c.tag = `gorm:"` + strings.Join(shown, ";") + `"`
	}
	return c
}

// splitGorm splits GORM settings at semicolons that are not escaped
// with a backslash, and drops empty ones.
func splitGorm(v string) []string {
	var out []string
	cur := ""
	for _, p := range strings.Split(v, ";") {
		if strings.HasSuffix(p, `\`) {
			cur += strings.TrimSuffix(p, `\`) + ";"
			continue
		}
		if s := strings.TrimSpace(cur + p); s != "" {
			out = append(out, s)
		}
		cur = ""
	}
	if s := strings.TrimSpace(cur); s != "" {
		out = append(out, s)
	}
	return out
}

// bunNotSchema are bun and go-pg options that do not change the table:
// how Go zero values are written, alternative names for scanning, JSON
// decoding.
var bunNotSchema = map[string]bool{"nullzero": true, "use_zero": true, "alt": true, "alias": true, "json_use_number": true}

// bunRelation are the bun and go-pg options of association fields.
var bunRelation = map[string]bool{"rel": true, "m2m": true, "fk": true, "many2many": true, "polymorphic": true, "join_fk": true}

// bunColumn reads bun:"name,pk,notnull,type:text" and go-pg's tags of the
// same form: the column's name first, then options. A struct, map or
// slice field that is no relation (rel:, m2m:) is one column, which the
// library writes as JSON; scanonly fields are filled by queries only and
// are no columns.
func bunColumn(f Field, key, v string, ok bool) column {
	c := column{name: Snake(f.Name), value: true}
	parts := splitOptions(v)
	if !ok || len(parts) == 0 {
		return c
	}
	shown := []string{""}
	opts := parts[1:]
	switch first := parts[0]; {
	case first == "-":
		return column{skip: true}
	case strings.Contains(first, ":"):
		opts = parts
	case first != "":
		c.name, shown[0] = first, first
	}
	for _, opt := range opts {
		name, val, _ := strings.Cut(opt, ":")
		switch {
		case name == "scanonly":
			return column{skip: true}
		case bunRelation[name]:
			c.relation = true
		case name == "embed":
			c.embed, c.prefix = true, val
		case name == "extend" || name == "inherit":
			c.embed = true
			continue
		case bunNotSchema[name]:
			continue
		}
		shown = append(shown, opt)
		c.options = append(c.options, opt)
	}
	if shown[0] != "" || len(shown) > 1 {
		c.tag = key + `:"` + strings.Join(shown, ",") + `"`
	}
	return c
}

// splitOptions splits a bun or go-pg tag at commas outside single-quoted
// values (default:'a,b').
func splitOptions(v string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\'':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, strings.TrimSpace(v[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(v[start:]))
}

// beegoColumn reads beego's orm:"column(name);null;size(100)": settings
// split at semicolons. "-" leaves the field out; rel(fk) and rel(one)
// store the related row's key in <field>_id; rel(m2m) and reverse(…) are
// associations.
func beegoColumn(f Field, tag reflect.StructTag) column {
	c := column{name: BeegoName(f.Name)}
	v, ok := tag.Lookup("orm")
	if !ok {
		return c
	}
	var shown []string
	named := false
	for _, part := range strings.Split(v, ";") {
		part = strings.TrimSpace(part)
		key, arg, _ := strings.Cut(strings.TrimSuffix(part, ")"), "(")
		switch key {
		case "":
			continue
		case "-":
			return column{skip: true}
		case "column":
			c.name, named = arg, true
		case "rel":
			if arg == "m2m" {
				c.relation = true
			} else {
				c.value = true
				if !named {
					c.name += "_id"
				}
			}
		case "reverse":
			c.relation = true
		case "auto_now", "auto_now_add", "description":
			continue
		}
		shown = append(shown, part)
		if key != "column" {
			c.options = append(c.options, part)
		}
	}
	if len(shown) > 0 {
		c.tag = `orm:"` + strings.Join(shown, ";") + `"`
	}
	return c
}

// dbColumn reads db:"name": only tagged fields are columns, and embedded
// untagged structs are flattened, as sqlx does. The options some
// libraries add (omitempty) do not change the table.
func dbColumn(f Field, tag reflect.StructTag) column {
	v, ok := tag.Lookup("db")
	if !ok {
		if f.Embedded {
			return column{embed: true}
		}
		return column{skip: true}
	}
	name, _, _ := strings.Cut(v, ",")
	switch name {
	case "-":
		return column{skip: true}
	case "":
		return column{name: strings.ToLower(f.Name)}
	}
	return column{name: name, tag: `db:"` + name + `"`}
}

// BaseFields returns the fields of a base model that readers without type
// information cannot see, ok false for other types.
func BaseFields(typ string) ([]Field, bool) {
	switch typ {
	case "gorm.io/gorm.Model", "gorm.Model":
		return []Field{
			{Name: "ID", Tag: `gorm:"primarykey"`, GoType: "uint"},
			{Name: "CreatedAt", Type: "time.Time", GoType: "time.Time"},
			{Name: "UpdatedAt", Type: "time.Time", GoType: "time.Time"},
			{Name: "DeletedAt", Tag: `gorm:"index"`, Type: "gorm.io/gorm.DeletedAt", GoType: "gorm.DeletedAt"},
		}, true
	case "github.com/jinzhu/gorm.Model":
		return []Field{
			{Name: "ID", Tag: `gorm:"primary_key"`, GoType: "uint"},
			{Name: "CreatedAt", Type: "time.Time", GoType: "time.Time"},
			{Name: "UpdatedAt", Type: "time.Time", GoType: "time.Time"},
			{Name: "DeletedAt", Tag: `sql:"index"`, Type: "time.Time", GoType: "*time.Time"},
		}, true
	}
	if baseModels[typ] == Bun {
		return nil, true
	}
	return nil, false
}
