// Package modeltag knows how Go ORMs map a struct to a table: which
// convention a struct follows, whether it is a table model, its table name
// and the column each field maps to, each as the library itself decides.
// It works on plain descriptions of a struct (names, tags, type names) so
// that a reader with go/types (the modelschema analyzer) and the reader of
// one file's syntax (ReadFile: migguard models, and the code uses that lint
// compares a migration with) decide alike.
//
// The conventions, in the order they win when a struct mixes tags:
//
//   - bun: bun tags or an embedded bun.BaseModel (an alias of
//     schema.BaseModel since bun 1.1), whose tag names the table
//     (bun:"table:users" or bun:"users"); a column is the tag's first
//     part, else the field name as bun writes it (Snake); rel:/m2m:
//     fields are associations, scanonly fields are no columns, embed:<prefix>
//     flattens a struct, a struct embedded with ,extend or ,inherit gives
//     its table and columns, and any other struct, map or slice is one
//     JSON column;
//   - GORM: gorm tags, an embedded gorm.Model, a TableName method or a
//     //migguard:model comment; a column is the column: setting, else the
//     field name as GORM's naming strategy writes it (GormName:
//     CallbackURLs → callback_urls); foreignKey, many2many, references and
//     polymorphic fields and other structs are associations unless a
//     serializer: or type: stores them in a column; embedded/embeddedPrefix
//     flatten a struct; "-" and "-:all" are no columns, "-:migration" is
//     one that AutoMigrate does not create;
//   - go-pg: pg tags (sql tags in go-pg before v9); the table is named by
//     the tag of a `tableName struct{}` field; columns and associations
//     (rel:, fk:, many2many:) as in bun, from which bun's tags derive;
//   - beego: orm tags (column(name), "-", rel(fk) and rel(one) stored in
//     <field>_id, rel(m2m) and reverse(…) associations); the table is the
//     TableName method's, else the type name as beego writes it
//     (BeegoName, singular);
//   - db (database/sql, sqlx, pgx): db tags; a column is the db tag, and
//     untagged fields are not columns. There is no naming rule, so the
//     table is known only from a TableName method or a //migguard:model
//     table=<name> comment: a db-tagged struct without one is a model whose
//     table is unknown (often a query's row type).
//
// GORM, bun and go-pg name a table after the type, in their own spelling
// and plural as github.com/jinzhu/inflection makes it (OrderItem →
// order_items). Whatever the convention, a TableName method returning a
// constant and //migguard:model table=<name> name the table;
// //migguard:model partial says the model maps only some columns, and
// //migguard:model ignore says the struct is not a model. Unexported
// fields and fields tagged "-" are never columns. NamesTable tells the
// structs that say by themselves that they are tables from those that
// merely carry tags, and ZeroForNull which libraries read NULL into a
// field that cannot hold it as its zero value.
package modeltag

import (
	"go/token"
	"reflect"
	"slices"
	"strings"
)

// Convention is the library whose tags a model follows.
type Convention string

// The conventions modeltag knows.
const (
	GORM  Convention = "gorm"
	Bun   Convention = "bun"
	GoPG  Convention = "go-pg"
	Beego Convention = "beego"
	DB    Convention = "db"
)

// ZeroForNull reports whether the convention's library reads NULL into a
// field that cannot hold it as the type's zero value (GORM, bun, go-pg,
// beego), rather than failing the scan (database/sql, sqlx, pgx).
func (c Convention) ZeroForNull() bool { return c != DB }

// name derives a column or table name from a Go name as the
// convention's library does.
func (c Convention) name(goName string) string {
	switch c {
	case GORM:
		return GormName(goName)
	case Beego:
		return BeegoName(goName)
	}
	return Snake(goName)
}

// table derives a model's table name from its type name: plural for
// GORM, bun and go-pg, singular for beego.
func (c Convention) table(typeName string) string {
	if c == Beego {
		return BeegoName(typeName)
	}
	return Plural(c.name(typeName))
}

// baseModels are the types that models embed to say which library maps
// them. Keys are "<import path>.<name>", and "<package name>.<name>" for
// readers that do not know the import path.
var baseModels = map[string]Convention{
	"gorm.io/gorm.Model":                      GORM,
	"github.com/jinzhu/gorm.Model":            GORM,
	"gorm.Model":                              GORM,
	"github.com/uptrace/bun.BaseModel":        Bun,
	"github.com/uptrace/bun/schema.BaseModel": Bun,
	"bun.BaseModel":                           Bun,
	"schema.BaseModel":                        Bun,
}

// Struct is a named struct type as a reader sees it.
type Struct struct {
	Name   string
	Fields []Field
	// Doc are the lines of the type's doc comment, markers included, where
	// //migguard:model comments are read.
	Doc       []string
	TableName TableNameMethod
	// Expand, when not nil, returns the fields of a field's struct type
	// (as for Model.Columns), for a bun model that takes its table from
	// an embedded model (bun:",extend").
	Expand func(Field) ([]Field, bool)
}

// TableNameMethod describes the type's TableName method, if any.
type TableNameMethod struct {
	Declared bool
	Constant bool   // it returns a constant
	Value    string // the constant
}

// Model is a struct that maps to a table.
type Model struct {
	Convention Convention
	// Table is the table's name, "" when it is not known statically.
	Table string
	// DynamicTable is true when TableName returns something that is not
	// a constant; a db model with no table named has neither.
	DynamicTable bool
	// Partial is //migguard:model partial: the model maps only some of
	// the table's columns.
	Partial bool
}

// Classify reports whether s maps to a table, and how.
func Classify(s Struct) (Model, bool) {
	c := readModelComment(s.Doc)
	if c.ignore {
		return Model{}, false
	}
	conv, tagTable := conventionOf(s.Fields)
	if conv == Bun && tagTable == "" {
		tagTable = extendedTable(s)
	}
	switch {
	case conv == "" && (s.TableName.Declared || c.found):
		conv = GORM
	case conv == "":
		return Model{}, false
	}
	m := Model{Convention: conv, Partial: c.partial}
	switch {
	case c.table != "":
		m.Table = c.table
	case tagTable != "":
		m.Table = tagTable
	case s.TableName.Declared && s.TableName.Constant:
		m.Table = s.TableName.Value
	case s.TableName.Declared:
		m.DynamicTable = true
	case conv != DB:
		m.Table = conv.table(s.Name)
	}
	return m, true
}

// extendedTable returns the table of the model that a bun model embeds
// with bun:",extend" or ",inherit": bun reads the embedding struct as
// that table, with more fields.
func extendedTable(s Struct) string {
	if s.Expand == nil {
		return ""
	}
	for _, f := range s.Fields {
		if !f.Embedded {
			continue
		}
		opts := splitOptions(reflect.StructTag(f.Tag).Get("bun"))
		if !slices.Contains(opts, "extend") && !slices.Contains(opts, "inherit") {
			continue
		}
		inner, ok := s.Expand(f)
		if !ok {
			return ""
		}
		m, ok := Classify(Struct{Name: f.Name, Fields: inner, Expand: s.Expand})
		if ok && m.Convention == Bun {
			return m.Table
		}
	}
	return ""
}

// NamesTable reports whether a struct names its table in Go code: a
// TableName method, go-pg's tableName field, or a //migguard:model
// comment. Other structs with ORM tags are models only when the ORM is
// given them; one that embeds an ORM's base model (BaseModel) is one
// unless the code gives the ORM other structs and never this one (see the
// modelschema analyzer).
func NamesTable(s Struct) bool {
	if s.TableName.Declared || readModelComment(s.Doc).found {
		return true
	}
	for _, f := range s.Fields {
		if _, ok := pgTag(reflect.StructTag(f.Tag)); ok && f.Name == "tableName" && !f.Embedded {
			return true
		}
	}
	return false
}

// BaseModel returns the convention of the ORM base model that a struct
// embeds (gorm.Model, bun.BaseModel), "" when it embeds none.
func BaseModel(s Struct) Convention {
	for _, f := range s.Fields {
		if c := baseModels[f.Type]; c != "" && f.Embedded {
			return c
		}
	}
	return ""
}

// conventionOf says which library's tags and base models the fields use,
// and the table that a bun.BaseModel or go-pg tableName tag names.
func conventionOf(fields []Field) (Convention, string) {
	seen := map[Convention]bool{}
	tables := map[Convention]string{}
	for _, f := range fields {
		tag := reflect.StructTag(f.Tag)
		switch baseModels[f.Type] {
		case GORM:
			seen[GORM] = true
		case Bun:
			seen[Bun] = true
			tables[Bun] = tableOf(tag.Get("bun"), true)
		}
		if f.Name == "tableName" && !f.Embedded {
			if v, ok := pgTag(tag); ok {
				seen[GoPG] = true
				tables[GoPG] = tableOf(v, false)
				continue
			}
		}
		for key, conv := range map[string]Convention{"gorm": GORM, "bun": Bun, "pg": GoPG, "sql": GoPG, "orm": Beego, "db": DB} {
			if _, ok := tag.Lookup(key); ok {
				seen[conv] = true
			}
		}
	}
	for _, c := range []Convention{Bun, GORM, GoPG, Beego, DB} {
		if seen[c] {
			return c, tables[c]
		}
	}
	return "", ""
}

// tableOf reads the table a bun.BaseModel or go-pg tableName tag names:
// its first part, or (bun) its table: option.
func tableOf(v string, bun bool) string {
	parts := splitOptions(v)
	table := ""
	if len(parts) > 0 && !strings.Contains(parts[0], ":") {
		table = parts[0]
	}
	for _, opt := range parts {
		if t, ok := strings.CutPrefix(opt, "table:"); ok && bun {
			table = t
		}
	}
	return strings.Trim(table, `"'`)
}

// pgTag is a field's go-pg tag: pg, or sql before go-pg v9.
func pgTag(tag reflect.StructTag) (string, bool) {
	if v, ok := tag.Lookup("pg"); ok {
		return v, true
	}
	return tag.Lookup("sql")
}

// modelComment is what //migguard:model comments say about a struct.
type modelComment struct {
	found, partial, ignore bool
	table                  string
}

// readModelComment reads //migguard:model [table=<name>] [partial]
// [ignore] lines of a doc comment.
func readModelComment(doc []string) modelComment {
	var c modelComment
	for _, line := range doc {
		rest, ok := strings.CutPrefix(line, "//migguard:model")
		if !ok || (rest != "" && rest[0] != ' ') {
			continue
		}
		c.found = true
		for _, w := range strings.Fields(rest) {
			switch {
			case strings.HasPrefix(w, "table="):
				c.table = strings.TrimPrefix(w, "table=")
			case w == "partial":
				c.partial = true
			case w == "ignore":
				c.ignore = true
			}
		}
	}
	return c
}

// exported reports whether an ORM can set the field.
func exported(f Field) bool { return f.Embedded || token.IsExported(f.Name) }
