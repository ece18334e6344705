package modeltag

import (
	"go/parser"
	"go/token"
	"testing"
)

// MayHoldModels is true for every file that ReadFile finds a model in,
// and false for files whose marks only look like a model's: other tags
// ending in one of the ORMs' keys, a type of the file named BaseModel, a
// field named TableName.
func TestMayHoldModels(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		models    bool
	}{
		{"gorm tag", "type User struct {\n\tID int `gorm:\"primaryKey\"`\n}\n", true},
		{"db tag after json", "type User struct {\n\tID int `json:\"id\" db:\"id\"`\n}\n", true},
		{"bun tag", "type User struct {\n\tID int `bun:\"id,pk\"`\n}\n", true},
		{"pg tag", "type User struct {\n\ttableName struct{} `pg:\"users\"`\n\tID int\n}\n", true},
		{"beego tag", "type User struct {\n\tID int `orm:\"pk\"`\n}\n", true},
		{"gorm.Model", "import \"gorm.io/gorm\"\n\ntype User struct {\n\tgorm.Model\n\tName string\n}\n", true},
		{"gorm.Model after other Models", "import \"gorm.io/gorm\"\n\ntype ModelA struct{ X int }\n\nvar _ = ModelA{}\n\ntype User struct {\n\tgorm.Model\n}\n", true},
		{"bun.BaseModel", "import \"github.com/uptrace/bun\"\n\ntype User struct {\n\tbun.BaseModel `bun:\"table:users\"`\n\tID int\n}\n", true},
		{"TableName method", "type User struct {\n\tID int\n}\n\nfunc (User) TableName() string { return \"users\" }\n", true},
		{"directive", "//migguard:model table=users\ntype User struct {\n\tID int\n}\n", true},
		{"form tags", "type Params struct {\n\tLimit *int `form:\"limit\" json:\"limit\"`\n}\n", false},
		{"own BaseModel", "type BaseModel struct{ width int }\n\ntype RunView struct {\n\tBaseModel\n}\n", false},
		{"TableName field", "type Row struct {\n\tTableName interface{} `json:\"table_name\"`\n}\n", false},
		{"no tags", "type Point struct{ X, Y int }\n", false},
	} {
		src := "package p\n\n" + tc.src
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := len(ReadFile(fset, f)) > 0; got != tc.models {
			t.Fatalf("%s: ReadFile finds models: %v, want %v", tc.name, got, tc.models)
		}
		if got := MayHoldModels([]byte(src)); got != tc.models {
			t.Errorf("%s: MayHoldModels = %v, want %v", tc.name, got, tc.models)
		}
	}
}
