package modelschema

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/migguard/migguard/analyzers/internal/docx"
	"github.com/migguard/migguard/analyzers/internal/ignore"
	"github.com/migguard/migguard/analyzers/migrationset"
	"github.com/migguard/migguard/internal/modeltag"
	"github.com/migguard/migguard/internal/schema"
)

//go:embed doc.go
var doc string

// Analyzer reports models that disagree with the migrations.
var Analyzer = &analysis.Analyzer{
	Name:     "modelschema",
	Doc:      docx.MustExtract(doc, "modelschema"),
	URL:      "https://pkg.go.dev/github.com/migguard/migguard/analyzers/modelschema",
	Requires: []*analysis.Analyzer{migrationset.Analyzer},
	Run:      run,
}

// flagStrict also reports what is true but seldom a bug: fields that
// cannot hold NULL over nullable columns in the ORMs that read NULL as the
// zero value, and columns a model does not map that inserts can leave out.
var flagStrict bool

func init() {
	Analyzer.Flags.BoolVar(&flagStrict, "strict", false,
		"also report non-pointer fields over nullable columns for GORM, bun, go-pg and beego, which read NULL as the zero value, "+
			"and columns a model does not map that are nullable or have a default")
}

// The ids of the findings, for //migguard:ignore.
const (
	TableMissing  = "model-table-missing"
	ColumnMissing = "model-column-missing"
	ColumnLost    = "model-column-lost"
	Nullability   = "model-nullability"
	Type          = "model-type"
	TableUnknown  = "model-table-unknown"
	NoMigrations  = "model-no-migrations"
)

var ids = map[string]bool{TableMissing: true, ColumnMissing: true, ColumnLost: true, Nullability: true,
	Type: true, TableUnknown: true, NoMigrations: true}

type checker struct {
	pass    *analysis.Pass
	res     *migrationset.Result
	dirs    *ignore.Set
	schemas []*migrationset.Schema
}

func (c *checker) report(pos token.Pos, id, format string, args ...any) {
	if c.dirs.Suppressed(pos, id) {
		return
	}
	c.pass.Report(analysis.Diagnostic{Pos: pos, Category: id, Message: id + ": " + fmt.Sprintf(format, args...)})
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[migrationset.Analyzer].(*migrationset.Result)
	if res.Dir == "" {
		return nil, nil
	}
	models := append(append(findModels(pass, res), entModels(pass)...), sqlcModels(pass)...)
	c := &checker{pass: pass, res: res, dirs: ignore.Parse(pass.Fset, pass.Files)}
	if len(models) > 0 {
		schemas, _, err := res.Schemas()
		c.schemas = schemas
		switch {
		case err != nil && len(schemas) == 0:
			c.report(models[0].pos, NoMigrations, "models are not checked: %v", err)
		case len(schemas) == 0:
			if res.SpeaksForModule() {
				c.report(models[0].pos, NoMigrations, "no PostgreSQL migrations found in the repository to check the models of this module against "+
					"(said once, for the first package with models): name the sets in .migguard.yaml, or pass -migrationset.dir")
			}
		default:
			for _, m := range models {
				c.check(m)
			}
		}
	}
	mine := func(id string) bool { return ids[id] }
	for _, p := range c.dirs.Problems(mine, mine, false) {
		pass.Report(analysis.Diagnostic{Pos: p.Pos, Category: p.Rule, Message: p.Rule + ": " + p.Message})
	}
	return nil, nil
}

// lookup finds the model's table in the schemas; other is true when the
// name is a view or sequence, or SQL that migguard cannot read may have
// created the table.
func (c *checker) lookup(key string) (*migrationset.Table, *migrationset.Schema, bool) {
	other := false
	for _, s := range c.schemas {
		if t := s.Table(key); t != nil {
			return t, s, false
		}
		other = other || s.IsOther(key) || s.Unread
	}
	return nil, nil, other
}

func (c *checker) check(m *model) {
	for _, cand := range m.candidates {
		if t, _, _ := c.lookup(tableKey(cand)); t != nil && m.table == "" {
			m.table = cand
		}
	}
	if m.table == "" && len(m.candidates) > 0 {
		return // a generated struct of no table the migrations make (a view's, a query's)
	}
	if m.table == "" {
		c.report(m.pos, TableUnknown, "%s.TableName does not return a constant, so the model is not checked: add //migguard:model table=<name>", m.name)
		return
	}
	key := tableKey(m.table)
	t, s, other := c.lookup(key)
	switch {
	case other:
		return // a view, or a table that unread SQL may have made
	case t == nil && m.ormSchema:
		return // the ORM creates the table (AutoMigrate)
	case t == nil:
		c.report(m.pos, TableMissing, "model %s maps to table %s, which no migration creates (%s): add a migration that creates %s",
			m.name, m.table, c.sources(), m.table)
		return
	case t.ColumnsUnknown:
		return
	}
	mapped := map[string]bool{}
	for _, f := range m.fields {
		mapped[f.column] = true
		if f.inherited {
			continue
		}
		col := t.Column(f.column)
		switch {
		case col == nil && (m.ormSchema || t.Unread):
			// The ORM adds the column, or unread SQL may have.
		case col == nil:
			c.report(f.pos, ColumnMissing, "model changed without a migration: add a migration that adds %s.%s (field %s)", m.table, f.column, f.path)
		default:
			c.compare(m, f, col, s)
		}
	}
	if m.partial || t.Unread {
		return
	}
	for _, col := range t.Columns {
		switch {
		case mapped[col.Name]:
		case col.NotNull && !col.Filled:
			c.report(m.pos, ColumnLost, "%s.%s has no field in model %s and is NOT NULL without a default: the model's inserts fail; map it, give it a default, or drop it in a migration (//migguard:model partial on a model that never inserts)",
				m.table, col.Name, m.name)
		case flagStrict:
			c.report(m.pos, ColumnLost, "%s.%s has no field in model %s: add a migration that drops it, or map it (//migguard:model partial when the model maps only some columns)",
				m.table, col.Name, m.name)
		}
	}
}

// compare checks one field against its column. A field that can hold
// NULL over a NOT NULL column is a bug, unless PostgreSQL writes the
// column itself (GENERATED ALWAYS): sqlc writes pgtype.Int8 for an
// identity, which is NOT NULL. A field that cannot hold
// NULL over a nullable column is a bug where reading NULL fails the scan
// (database/sql, sqlx, pgx, ent, sqlc); the ORMs that read NULL as the
// zero value (GORM, bun, go-pg, beego) are left alone unless
// -modelschema.strict asks.
func (c *checker) compare(m *model, f *field, col *migrationset.Column, s *migrationset.Schema) {
	gt, typ := c.fieldType(f)
	zero := m.convention != "ent" && m.convention != "sqlc" && modeltag.Convention(m.convention).ZeroForNull()
	switch {
	case gt.nullable > 0 && col.NotNull && !col.Unwritable:
		c.report(f.pos, Nullability, "%s is %s, which holds NULL, but %s.%s is NOT NULL: writing NULL fails; use a non-nullable type, or add a migration that drops NOT NULL",
			f.path, typ, m.table, col.Name)
	case gt.nullable < 0 && !col.NotNull && !zero:
		c.report(f.pos, Nullability, "%s is %s, which cannot hold NULL, but %s.%s is nullable: reading a NULL fails the scan; use a pointer or sql.Null type, or add a migration that sets NOT NULL",
			f.path, typ, m.table, col.Name)
	case gt.nullable < 0 && !col.NotNull && flagStrict:
		c.report(f.pos, Nullability, "%s is %s, which cannot hold NULL, but %s.%s is nullable: %s reads NULL as the zero value, which the application cannot tell from a real one; use a pointer or sql.Null type, or add a migration that sets NOT NULL",
			f.path, typ, m.table, col.Name, m.convention)
	}
	if ck := columnKind(col, s); incompatible(gt.kind, ck) {
		c.report(f.pos, Type, "%s is %s (%s) but %s.%s is %s: add a migration that changes the column's type, or fix the field",
			f.path, typ, gt.kind, m.table, col.Name, col.Type)
	}
}

// fieldType describes what a field holds, and spells its type.
func (c *checker) fieldType(f *field) (goType, string) {
	if f.gt != nil {
		return *f.gt, f.typeText
	}
	return classify(f.typ), types.TypeString(f.typ, func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}

// sources names where the schemas come from.
func (c *checker) sources() string {
	var names []string
	for _, s := range c.schemas {
		names = append(names, s.Source)
	}
	return "migrations: " + strings.Join(names, "; ")
}

// tableKey turns a table name as a model writes it into a catalog key.
func tableKey(name string) string {
	if s, n, ok := strings.Cut(name, "."); ok {
		return schema.Key(s, n)
	}
	return schema.Key("", name)
}
